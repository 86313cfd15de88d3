using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace JiraQuality.Web.Hosting;

public static class SettingsConfiguration
{
    /// <summary>Environment variable names the predecessor used, and the settings they set.</summary>
    public static readonly IReadOnlyDictionary<string, string> LegacyEnvironmentVariables = new Dictionary<string, string>
    {
        ["JIRA_BASE_URL"] = "Jira:BaseUrl",
        ["JIRA_EMAIL"] = "Jira:Email",
        ["JIRA_API_KEY"] = "Jira:ApiToken",
        ["JIRA_PROJECT"] = "Jira:Project",
        ["JIRA_STATUS_CATEGORY"] = "Jira:StatusCategory",
        ["OPENAI_API_KEY"] = "Llm:ApiKey",
        ["REFRESH_CRON_SECRET"] = "Refresh:CronSecret",
    };

    /// <summary>
    /// Makes the root appsettings.json (linked into the build output) the one settings file, overridden by
    /// environment variables, the predecessor's variable names and the command line.
    /// </summary>
    public static IConfigurationManager AddJiraQualitySettings(
        this IConfigurationManager configuration, Func<string, string?>? readEnvironmentVariable = null)
    {
        foreach (var source in configuration.Sources.OfType<JsonConfigurationSource>().ToList())
        {
            configuration.Sources.Remove(source);
        }

        configuration.Sources.Insert(0, new JsonConfigurationSource
        {
            Path = "appsettings.json",
            Optional = false,
            ReloadOnChange = false,
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
        });

        var legacy = LegacyEnvironmentVariables
            .Select(pair => (Key: pair.Value, Value: (readEnvironmentVariable ?? Environment.GetEnvironmentVariable)(pair.Key)))
            .Where(pair => !string.IsNullOrEmpty(pair.Value))
            .ToDictionary(pair => pair.Key, pair => pair.Value);
        if (legacy.Count > 0)
        {
            configuration.AddInMemoryCollection(legacy);
        }

        return configuration;
    }
}
