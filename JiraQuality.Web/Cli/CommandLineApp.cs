using System.CommandLine;
using JiraQuality.Core.Storage;
using JiraQuality.Web.Hosting;

namespace JiraQuality.Web.Cli;

/// <summary>
/// The headless verbs of the same executable. Each verb builds a host without a web server and calls the
/// same Core services the pages and jobs use.
/// </summary>
public static class CommandLineApp
{
    private static readonly HashSet<string> HelpWords = ["--help", "-h", "-?", "help", "--version"];

    // Each feature contributes its verbs from its own file in this folder.
    public static IReadOnlyList<Command> Verbs { get; } =
    [
        MigrateCommand(),
        ImportVerbs.ImportCommand(),
        ScoredImportVerbs.Command(),
        ProcessVerbs.Command(),
        SyncVerbs.SyncCommand(),
        ExportVerbs.ExportCommand(),
        JobsVerbs.JobsCommand(),
        SampleVerbs.SampleCommand(),
        BenchVerbs.BenchCommand(),
        MetricsVerbs.Command(),
        ReapplyRolesVerbs.Command(),
    ];

    public static bool IsCommandLine(string[] args) =>
        args.Length > 0 && (HelpWords.Contains(args[0]) || Verbs.Any(v => v.Name == args[0]));

    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var root = new RootCommand(
            "JiraQuality: conversation-quality dashboard for Jira Service Management.\n" +
            "Run without arguments to serve the web app; run a verb for headless automation.");
        foreach (var verb in Verbs)
        {
            root.Subcommands.Add(verb);
        }

        var configuration = new InvocationConfiguration();
        if (output is not null)
        {
            configuration.Output = output;
        }

        if (error is not null)
        {
            configuration.Error = error;
        }

        var parsed = root.Parse(args.Length > 0 && args[0] == "help" ? ["--help", .. args[1..]] : args);
        return await parsed.InvokeAsync(configuration);
    }

    /// <summary>A host with settings, logging and the Core services, but no web server.</summary>
    public static IHost BuildHost(Action<IServiceCollection>? configureServices = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddJiraQualitySettings();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddJiraQualityStorage(migrateOnStart: false);
        builder.Services.AddJiraQualityIngestion();
        builder.Services.AddJiraQualityScoring();
        builder.Services.AddJiraQualityMetrics();
        builder.Services.AddJiraQualityJira();
        configureServices?.Invoke(builder.Services);
        return builder.Build();
    }

    private static Command MigrateCommand()
    {
        var command = new Command("migrate", "Create or upgrade the database schema, then exit.");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var host = BuildHost();
            var factory = host.Services.GetRequiredService<JiraQualityContextFactory>();
            await factory.MigrateAsync(cancellationToken);
            await parseResult.InvocationConfiguration.Output.WriteLineAsync($"Database ({factory.Provider}) is up to date.");
            return 0;
        });
        return command;
    }
}
