using System.Globalization;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Scoring.Scorers;

namespace JiraQuality.Core.Scoring.Processing;

/// <summary>Parameter names of the processing and rescore jobs (the same as the <c>process</c> verb's options).</summary>
public static class ProcessingParameters
{
    public const string Limit = "limit";
    public const string NoLlm = "noLlm";
    public const string Model = "model";
    public const string TaxonomyFile = "taxonomyFile";
    public const string Issue = "issue";
    public const string ScorerKind = "scorerKind";
    public const string IncludeImported = "includeImported";
    public const string Concurrency = "concurrency";
    public const string BudgetUsd = "budgetUsd";

    /// <summary>Set by the job runner when it passes the job's id along; stored with every row the job writes.</summary>
    public const string JobId = "jobId";

    public static ProcessingRequest ToRequest(JobRequest job, bool rescore)
    {
        var issues = job.Get(Issue) is { Length: > 0 } issue
            ? issue.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : null;
        var onlyKind = job.Get(ScorerKind);
        if (rescore && issues is null && string.IsNullOrWhiteSpace(onlyKind))
        {
            throw new ArgumentException("A rescore job needs an 'issue' or a 'scorerKind' filter.");
        }

        return new ProcessingRequest
        {
            Scorer = new ScorerSelection
            {
                NoLlm = Flag(job, NoLlm),
                Model = Empty(job.Get(Model)),
                TaxonomyFile = Empty(job.Get(TaxonomyFile)),
            },
            Limit = Int(job, Limit),
            IssueKeys = issues,
            Force = rescore,
            OnlyScorerKind = Empty(onlyKind),
            IncludeImported = Flag(job, IncludeImported) || (rescore && (issues is not null || onlyKind == ScorerKinds.Imported)),
            Concurrency = Int(job, Concurrency),
            BudgetUsd = job.Get(BudgetUsd) is { } budget
                ? double.TryParse(budget, NumberStyles.Float, CultureInfo.InvariantCulture, out var usd) ? usd : throw new ArgumentException($"Parameter '{BudgetUsd}' must be a number, got '{budget}'.")
                : null,
            JobId = job.Get(JobId) is { } id && Guid.TryParse(id, out var jobId) ? jobId : null,
        };
    }

    private static bool Flag(JobRequest job, string name) =>
        job.Get(name) is { } value && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1");

    private static int? Int(JobRequest job, string name) =>
        job.Get(name) is { Length: > 0 } value
            ? int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number > 0
                ? number
                : throw new ArgumentException($"Parameter '{name}' must be a positive integer, got '{value}'.")
            : null;

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
