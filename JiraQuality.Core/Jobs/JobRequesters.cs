namespace JiraQuality.Core.Jobs;

/// <summary>Who asked for a job.</summary>
public static class JobRequesters
{
    public const string Page = "page";
    public const string Cron = "cron";
    public const string Schedule = "schedule";
    public const string Webhook = "webhook";
    public const string CommandLine = "cli";

    /// <summary>The app itself at start-up (scoring the sample data of a first start).</summary>
    public const string Startup = "startup";
}
