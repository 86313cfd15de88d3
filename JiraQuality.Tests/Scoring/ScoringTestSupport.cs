using System.Collections.Concurrent;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Scoring;
using JiraQuality.Core.Scoring.Measures;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace JiraQuality.Tests.Scoring;

/// <summary>Collects what a job reports.</summary>
internal sealed class RecordingProgress : IJobProgress
{
    private readonly object _gate = new();
    private double _cost;

    public ConcurrentQueue<string> Lines { get; } = new();
    public (int Completed, int Total, string? Item) Last { get; private set; }

    public double Cost
    {
        get
        {
            lock (_gate)
            {
                return _cost;
            }
        }
    }

    public void Report(int completed, int total, string? currentItem = null)
    {
        lock (_gate)
        {
            Last = (completed, total, currentItem);
        }

        // As the job runner's tracker does: each report with an item is a progress line of the job's log.
        if (total > 0 && currentItem is not null)
        {
            Lines.Enqueue(JiraQuality.Core.Jobs.JobProgressTracker.FormatProgressLine(completed, total, currentItem));
        }
    }

    public void Log(string line) => Lines.Enqueue(line);

    public void AddCost(double usd)
    {
        lock (_gate)
        {
            _cost += usd;
        }
    }
}

internal static class ScoringTestSupport
{
    public static ScorerFactory Factory(ScoringOptions? scoring = null, LlmOptions? llm = null) =>
        new(Options.Create(scoring ?? new ScoringOptions()), Options.Create(llm ?? new LlmOptions()), TimeProvider.System, NullLoggerFactory.Instance);

    public static ProcessingService Service(JiraQualityContextFactory contextFactory, ScorerFactory? factory = null) =>
        new(contextFactory, factory ?? Factory(), TimeProvider.System, NullLogger<ProcessingService>.Instance);

    public static PreparedConversation Prepared(Conversation conversation, int day = 0) => new()
    {
        IssueKey = conversation.IssueKey,
        Status = conversation.Status,
        Resolution = conversation.Resolution,
        CreatedUtc = ConversationBuilder.Base.AddDays(day),
        Hub = conversation.CustomFields.GetValueOrDefault(CustomFieldKeys.Hub),
        ContactReason = conversation.CustomFields.GetValueOrDefault(CustomFieldKeys.ContactReason),
        CustomFieldsJson = ConversationJson.SerializeCustomFields(conversation.CustomFields),
        ThreadJson = ConversationJson.SerializeMessages(conversation.Messages),
        ContentHash = "hash-" + conversation.IssueKey,
        Source = "test.csv",
        PreparedAtUtc = ConversationBuilder.Base,
    };

    /// <summary>Tickets ITSM-1..n, oldest first, each a small resolved exchange.</summary>
    public static IEnumerable<PreparedConversation> Tickets(int count) =>
        Enumerable.Range(1, count).Select(i => Prepared(
            new ConversationBuilder($"ITSM-{i}")
                .Customer(0, "my laptop is broken")
                .Agent(3, "thanks, I have escalated it", $"712020:agent-{i % 2}")
                .Customer(9, "works now, thank you")
                .Resolution("Done")
                .Build(),
            day: i));
}

/// <summary>Wraps a scorer to act in the middle of a run.</summary>
internal sealed class InterceptingScorer(IConversationScorer inner, Func<Conversation, Task> before) : IConversationScorer
{
    public string Kind => inner.Kind;

    public string Version => inner.Version;

    public async Task<QualityAssessment> ScoreAsync(Conversation conversation, ConversationMetrics metrics, CancellationToken cancellationToken)
    {
        await before(conversation);
        return await inner.ScoreAsync(conversation, metrics, cancellationToken);
    }
}
