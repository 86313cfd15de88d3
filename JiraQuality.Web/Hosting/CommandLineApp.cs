using System.CommandLine;
using JiraQuality.Core;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;
using JiraQuality.Web.Features.Conversations;
using JiraQuality.Web.Features.Dashboard;
using JiraQuality.Web.Features.Import;
using JiraQuality.Web.Features.Jira;
using JiraQuality.Web.Features.Jobs;
using JiraQuality.Web.Features.Scoring;

namespace JiraQuality.Web.Hosting;

/// <summary>
/// The headless verbs of the same executable. Each verb builds a host without a web server and calls the
/// same Core services the pages and jobs use.
/// </summary>
public static class CommandLineApp
{
    private static readonly HashSet<string> HelpWords = ["--help", "-h", "-?", "help", "--version"];

    private static readonly AsyncLocal<bool> VerboseRun = new();

    /// <summary>On any verb: log Information too (the default is warnings and errors only, so reports stay readable).</summary>
    public static Option<bool> VerboseOption { get; } = new("--verbose")
    {
        Description = "Log at Information level to standard error (default: warnings and errors only).",
        Recursive = true,
    };

    /// <summary>The explicit verb for the web server (the same as no verb at all).</summary>
    public const string ServeVerb = "serve";

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
        Benchmarks.Sample.SampleVerbs.SampleCommand(BenchmarkVerbs.Host),
        Benchmarks.BenchVerbs.BenchCommand(BenchmarkVerbs.Host),
        MetricsVerbs.Command(),
        ReapplyRolesVerbs.Command(),
        Features.Identity.UsersVerbs.Command(),
        Features.Identity.TokensVerbs.Command(),
        Features.Review.ReviewVerbs.Command(),
    ];

    /// <summary>
    /// True for help and for any first word other than <c>serve</c>: a mistyped verb is an error, never a web server
    /// started by accident. Host settings without a verb (<c>--urls ...</c>, <c>Urls=...</c>) start the server.
    /// </summary>
    public static bool IsCommandLine(string[] args) =>
        args.Length > 0 && (HelpWords.Contains(args[0]) || (LooksLikeVerb(args[0]) && args[0] != ServeVerb));

    private static bool LooksLikeVerb(string argument) => !argument.StartsWith('-') && !argument.Contains('=');

    /// <summary>The arguments the web server gets: those after an explicit <c>serve</c>, or all of them.</summary>
    public static string[] ServerArguments(string[] args) => args.Length > 0 && args[0] == ServeVerb ? args[1..] : args;

    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        if (args.Length > 0 && !HelpWords.Contains(args[0]) && LooksLikeVerb(args[0]) && Verbs.All(v => v.Name != args[0]))
        {
            await WriteUnknownVerbAsync(args[0], error ?? Console.Error);
            return 2;
        }

        var root = new RootCommand(
            "JiraQuality: conversation-quality dashboard for Jira Service Management.\n" +
            $"Run without a verb (or with '{ServeVerb}') to serve the web app; run a verb for headless automation.");
        foreach (var verb in Verbs)
        {
            root.Subcommands.Add(verb);
        }

        root.Options.Add(VerboseOption);

        // Errors are reported below: settings that fail their checks as a message naming the keys, not as a crash.
        var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
        if (output is not null)
        {
            configuration.Output = output;
        }

        if (error is not null)
        {
            configuration.Error = error;
        }

        var parsed = root.Parse(args.Length > 0 && args[0] == "help" ? ["--help", .. args[1..]] : args);
        VerboseRun.Value = parsed.GetValue(VerboseOption);
        int exitCode;
        try
        {
            exitCode = await parsed.InvokeAsync(configuration);
        }
        catch (Exception ex) when (SettingsValidation.FailuresOf(ex) is { Count: > 0 } failures)
        {
            await configuration.Error.WriteLineAsync(SettingsValidation.Describe(failures));
            return 1;
        }
        catch (Exception ex)
        {
            // Anything else is a defect: reported in full, as the command-line library's own handler did.
            if (ex is not OperationCanceledException)
            {
                await configuration.Error.WriteLineAsync("Unhandled exception: " + ex);
            }

            return 1;
        }

        // A missing or malformed argument is bad usage: 2, as the README's exit-code table says, not the parser's 1.
        return parsed.Errors.Count > 0 && exitCode == 1 ? 2 : exitCode;
    }

    private static async Task WriteUnknownVerbAsync(string verb, TextWriter error)
    {
        await error.WriteLineAsync($"Unknown verb '{verb}'. Run without a verb (or with '{ServeVerb}') to start the web app, or use one of these verbs:");
        foreach (var command in Verbs)
        {
            var description = command.Description ?? "";
            var firstSentence = description.IndexOf(". ", StringComparison.Ordinal) is var end and > 0 ? description[..(end + 1)] : description;
            await error.WriteLineAsync($"  {command.Name,-16}{firstSentence}");
        }

        await error.WriteLineAsync("Run with --help, or '<verb> --help', for the options.");
    }

    /// <summary>
    /// A host with settings, logging and the Core services, but no web server. The database schema is created or
    /// upgraded first (migrating never drops anything), so every verb works on a fresh database of either provider;
    /// <paramref name="migrate"/> is false only for verbs that never touch the database.
    /// </summary>
    public static IHost BuildHost(Action<IServiceCollection>? configureServices = null, bool migrate = true)
    {
        // Verbs read their settings once: without this the host watches its content root (the current folder, often the
        // one holding the SQLite database) and wakes for every page the database writes.
        var settings = new ConfigurationManager();
        settings.AddInMemoryCollection([new("hostBuilder:reloadConfigOnChange", "false")]);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Configuration = settings });
        builder.Configuration.AddJiraQualitySettings();
        ConfigureLogging(builder.Logging, VerboseRun.Value);
        // The web app's modules, without background work: a job a service asks for runs at once in this process,
        // recorded like the app's; alerts are delivered once after processing; the database is migrated below.
        builder.Services.AddJiraQualityCore(background: false);
        configureServices?.Invoke(builder.Services);
        var host = builder.Build();

        // Every setting the verbs' services read is checked first, as the web host does at start-up, so a bad value stops
        // the verb before it changes anything, with a message naming the key.
        try
        {
            SettingsValidation.ValidateAll(host.Services);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        if (migrate && host.Services.GetService<IDbContextFactory<JiraQualityDbContext>>() is JiraQualityContextFactory database)
        {
            // Verbs build their host synchronously and run outside any synchronisation context, so waiting here is safe.
            database.MigrateAsync().GetAwaiter().GetResult();
        }

        return host;
    }

    /// <summary>
    /// Verbs print their report and progress on standard output; the log goes to standard error, warnings and errors
    /// only unless <c>--verbose</c> (then Information, without Entity Framework's per-command lines).
    /// </summary>
    internal static void ConfigureLogging(ILoggingBuilder logging, bool verbose)
    {
        logging.ClearProviders();
        logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.Services.PostConfigure<LoggerFilterOptions>(options =>
        {
            options.Rules.Clear();
            options.MinLevel = verbose ? LogLevel.Information : LogLevel.Warning;
            if (verbose)
            {
                options.Rules.Add(new LoggerFilterRule(null, "Microsoft.EntityFrameworkCore", LogLevel.Warning, null));
            }
        });
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
