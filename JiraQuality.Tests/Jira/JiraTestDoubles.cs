using System.Collections.Concurrent;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Jira.Sync;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using JiraQuality.Core.Jira;

namespace JiraQuality.Tests.Jira;

/// <summary>
/// Stands in for the ingestor until the real one is available: records every batch and answers created /
/// updated / unchanged by comparing a fingerprint of the thread, the way an upsert by content hash would.
/// </summary>
public sealed class RecordingTicketIngestor : ITicketIngestor
{
    private readonly ConcurrentDictionary<string, string> _fingerprints = new();
    private readonly ConcurrentQueue<IReadOnlyList<JiraTicket>> _batches = new();

    public IReadOnlyList<IReadOnlyList<JiraTicket>> Batches => _batches.ToList();

    public IReadOnlyList<JiraTicket> Tickets => _batches.SelectMany(b => b).ToList();

    public Task<IngestBatchResult> IngestAsync(IReadOnlyList<JiraTicket> tickets, CancellationToken cancellationToken)
    {
        _batches.Enqueue(tickets.ToList());
        int created = 0, updated = 0, unchanged = 0;
        foreach (var ticket in tickets)
        {
            var fingerprint = ticket.Status + "|" + string.Join("|", ticket.Comments.Select(c => c.Body));
            if (!_fingerprints.TryGetValue(ticket.IssueKey, out var previous))
            {
                created++;
            }
            else if (previous != fingerprint)
            {
                updated++;
            }
            else
            {
                unchanged++;
            }

            _fingerprints[ticket.IssueKey] = fingerprint;
        }

        return Task.FromResult(new IngestBatchResult(created, updated, unchanged, []));
    }
}

/// <summary>Stands in for the job runner's queue: records requests and returns a queued snapshot.</summary>
public sealed class RecordingJobQueue(TimeProvider? time = null) : IJobQueue
{
    private readonly ConcurrentQueue<JobRequest> _requests = new();

    public IReadOnlyList<JobRequest> Requests => _requests.ToList();

    public Task<JobSnapshot> EnqueueAsync(JobRequest request, CancellationToken cancellationToken = default)
    {
        _requests.Enqueue(request);
        var now = (time ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        return Task.FromResult(new JobSnapshot(Guid.NewGuid(), request.Kind, JobStates.Queued, request.RequestedBy, 0, 0, null, now, null, null, null, null));
    }

    public Task<JobSnapshot?> GetAsync(Guid id, CancellationToken cancellationToken = default) => Task.FromResult<JobSnapshot?>(null);

    public Task<bool> CancelAsync(Guid id, CancellationToken cancellationToken = default) => Task.FromResult(false);
}

/// <summary>The Jira layer wired exactly as the app wires it, against a fake Jira and a test database.</summary>
public static class JiraTestHost
{
    /// <summary>The stored checkpoint of the default project's sync, as the next run would read it.</summary>
    public static async Task<SyncCheckpoint?> CheckpointAsync(TestDatabase db)
    {
        await using var context = db.Factory.CreateDbContext();
        return await context.SyncCheckpoints.AsNoTracking().SingleOrDefaultAsync(c => c.Name == "jira:CC", TestContext.Current.CancellationToken);
    }

    public static Dictionary<string, string?> Settings(FakeJiraServer jira, int pageSize = 2) => new()
    {
        ["Jira:BaseUrl"] = jira.BaseUrl,
        ["Jira:Email"] = FakeJiraServer.Email,
        ["Jira:ApiToken"] = FakeJiraServer.ApiToken,
        ["Jira:Project"] = "CC",
        ["Jira:PageSize"] = pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Jira:CommentConcurrency"] = "3",
        ["Jira:MaxRetries"] = "3",
        ["Jira:RequestTimeoutSeconds"] = "10",
        ["Jira:TotalTimeoutSeconds"] = "60",
    };

    public static ServiceProvider Build(FakeJiraServer jira, JiraQualityContextFactory database, ITicketIngestor? ingestor, IDictionary<string, string?>? overrides = null, int pageSize = 2, Action<IServiceCollection>? configure = null)
    {
        var settings = Settings(jira, pageSize);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IDbContextFactory<JiraQualityDbContext>>(database);
        services.AddJira();
        if (ingestor is not null)
        {
            services.AddSingleton(ingestor);
        }

        configure?.Invoke(services);
        // The refresh job runs processing after the sync; these hosts have no scoring unless a test adds a handler.
        services.TryAddKeyedSingleton<IJobHandler>(JobKinds.Processing, new NoProcessingHandler());
        if (!services.Any(d => d.ServiceType == typeof(IJobQueue)))
        {
            // Every host has a job queue; these tests look at what is queued, not at running it.
            services.AddSingleton<IJobQueue>(new RecordingJobQueue());
        }

        return services.BuildServiceProvider();
    }
}

/// <summary>Collects progress lines so tests can show them when they fail.</summary>
public sealed class RecordingProgress : IJobProgress
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToList();

    public int LastCompleted { get; private set; }

    public void Report(int completed, int total, string? currentItem = null) => LastCompleted = completed;

    public void Log(string line) => _lines.Enqueue(line);
}

/// <summary>Stands in for scoring in Jira-only hosts: a refresh that reaches processing there is a test mistake.</summary>
public sealed class NoProcessingHandler : IJobHandler
{
    public string Kind => JobKinds.Processing;

    public Task<JobResult> RunAsync(JobRequest request, IJobProgress progress, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("This test host has no processing; register a keyed processing handler.");
}
