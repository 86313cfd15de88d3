using System.Globalization;
using JiraQuality.Core.Jobs;
using MudBlazor;

namespace JiraQuality.Web.Features.Jobs;

/// <summary>How job states and figures read on the pages.</summary>
public static class JobDisplay
{
    public static readonly IReadOnlyList<string> States =
        [JobStates.Queued, JobStates.Running, JobStates.Succeeded, JobStates.Failed, JobStates.Cancelled, JobStates.Interrupted];

    public static readonly IReadOnlyList<string> Kinds =
        [JobKinds.CsvImport, JobKinds.ScoredCsvImport, JobKinds.Processing, JobKinds.JiraSync, JobKinds.Refresh, JobKinds.Rescore, JobKinds.ReapplyRoles];

    public static Color StateColor(string state) => state switch
    {
        JobStates.Running => Color.Info,
        JobStates.Succeeded => Color.Success,
        JobStates.Failed => Color.Error,
        JobStates.Cancelled or JobStates.Interrupted => Color.Warning,
        _ => Color.Default,
    };

    public static string Percent(JobSnapshot job) => string.Create(CultureInfo.InvariantCulture, $"{job.Percent:0.#} %");

    public static string Counts(JobSnapshot job) => job.Total > 0
        ? string.Create(CultureInfo.InvariantCulture, $"{job.Completed:N0} / {job.Total:N0}")
        : job.Completed > 0 ? job.Completed.ToString("N0", CultureInfo.InvariantCulture) : "–";

    public static string Rate(double? itemsPerSecond) => itemsPerSecond is { } rate
        ? string.Create(CultureInfo.InvariantCulture, $"{rate:0.#} per second")
        : "";

    public static string Eta(TimeSpan? remaining) => remaining switch
    {
        null => "",
        { TotalSeconds: < 1 } => "almost done",
        { TotalMinutes: < 1 } left => $"about {left.TotalSeconds:0} s left",
        { TotalHours: < 1 } left => $"about {left.TotalMinutes:0} min left",
        { } left => $"about {left.TotalHours:0.#} h left",
    };

    public static string Instant(DateTime? utc) =>
        utc is { } value ? value.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "–";

    /// <summary>Short enough for a table cell, with its year (jobs outlive a year in the list); the full instant goes in its title.</summary>
    public static string ShortInstant(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Duration(JobSnapshot job, DateTime nowUtc)
    {
        if (job.StartedAtUtc is not { } started)
        {
            return "–";
        }

        var took = (job.FinishedAtUtc ?? nowUtc) - started;
        return took.TotalMinutes < 1 ? $"{took.TotalSeconds:0} s" : took.TotalHours < 1 ? $"{took.TotalMinutes:0} min" : $"{took.TotalHours:0.#} h";
    }
}
