using JiraQuality.Core.Settings;
using JiraQuality.Core.Storage;
using JiraQuality.Web.Hosting;
using Microsoft.Extensions.Configuration;

namespace JiraQuality.Tests.Hosting;

public sealed class SettingsAndCommandLineTests
{
    [Fact]
    public void Root_settings_file_is_loaded_and_predecessor_variables_override_it()
    {
        var environment = new Dictionary<string, string?>
        {
            ["JIRA_BASE_URL"] = "https://example.atlassian.net",
            ["JIRA_API_KEY"] = "token-123",
            ["REFRESH_CRON_SECRET"] = "s3cret",
        };
        var configuration = new ConfigurationManager();

        configuration.AddJiraQualitySettings(name => environment.GetValueOrDefault(name));

        Assert.Equal("http://localhost:5000", configuration["Urls"]);
        Assert.Equal("Sqlite", configuration["Database:Provider"]);
        Assert.Equal("https://example.atlassian.net", configuration["Jira:BaseUrl"]);
        Assert.Equal("token-123", configuration["Jira:ApiToken"]);
        Assert.Equal("s3cret", configuration["Refresh:CronSecret"]);
        Assert.Null(configuration["Jira:Email"]);
    }

    [Fact]
    public void Embedded_database_defaults_to_a_file_in_the_data_directory()
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Data:Directory"] = "/tmp/jq-data" });

        var options = StorageModule.ResolveStorageOptions(configuration);

        Assert.Equal(DatabaseProvider.Sqlite, options.Provider);
        Assert.Equal("Data Source=/tmp/jq-data/jiraquality.db", options.ConnectionString);
    }

    [Fact]
    public void Postgres_without_a_connection_string_is_a_clear_error()
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Database:Provider"] = "Postgres" });

        var error = Assert.Throws<InvalidOperationException>(() => StorageModule.ResolveStorageOptions(configuration));

        Assert.Contains("ConnectionStrings__JiraQuality", error.Message);
    }

    [Fact]
    public void Data_directory_is_the_checkout_data_folder_when_run_from_a_clone()
    {
        var root = DataDirectory.FindSolutionRoot(AppContext.BaseDirectory);
        Assert.NotNull(root);

        Assert.Equal(Path.Combine(root, "data"), DataDirectory.Resolve(null, startDirectory: Path.Combine(root, "JiraQuality.Web")));
        Assert.Equal("/srv/jq", DataDirectory.Resolve("/srv/jq"));
    }

    [Fact]
    public async Task Help_lists_the_headless_verbs()
    {
        var output = new StringWriter();

        var exitCode = await CommandLineApp.RunAsync(["--help"], output);

        Assert.Equal(0, exitCode);
        var text = output.ToString();
        Assert.Contains("Usage:", text);
        foreach (var verb in CommandLineApp.Verbs)
        {
            Assert.Contains(verb.Name, text);
        }
    }

    [Fact]
    public async Task Unknown_option_fails_with_an_error()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = await CommandLineApp.RunAsync(["migrate", "--no-such-option"], output, error);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--no-such-option", error.ToString() + output);
    }

    [Fact]
    public void Only_verbs_and_help_switch_to_the_command_line()
    {
        Assert.True(CommandLineApp.IsCommandLine(["--help"]));
        Assert.True(CommandLineApp.IsCommandLine(["migrate"]));
        Assert.False(CommandLineApp.IsCommandLine([]));
        Assert.False(CommandLineApp.IsCommandLine(["--urls", "http://127.0.0.1:5001"]));
    }
}
