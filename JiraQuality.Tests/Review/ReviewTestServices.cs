using JiraQuality.Core.Identity;
using JiraQuality.Core.Review;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace JiraQuality.Tests.Review;

/// <summary>The review module and identity on a fresh database of one provider, with a fake clock.</summary>
public sealed class ReviewTestServices : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private ReviewTestServices(TestDatabase database, IDictionary<string, string?> settings)
    {
        Database = database;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton<IDbContextFactory<JiraQualityDbContext>>(database.Factory);
        services.AddJiraQualityIdentity();
        services.AddReview();
        services.AddOptions<Core.Reporting.MetricsOptions>();
        services.AddSingleton<Core.Reporting.Dashboard.MetricsQuery>();
        services.AddSingleton<Core.Reporting.ConversationQueries.ConversationQuery>();
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public TestDatabase Database { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    public IServiceProvider Services => _services;

    public static async Task<ReviewTestServices> CreateAsync(DatabaseProvider provider, IDictionary<string, string?>? settings = null) =>
        new(await TestDatabase.CreateAsync(provider), settings ?? new Dictionary<string, string?>());

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    /// <summary>Stores a scored conversation with the given AI scores.</summary>
    public async Task AddConversationAsync(string key, double? agent, double? customer = null, double? rating = null, string? primaryAgent = "712020:agent-1", string? hub = "Berlin", string scorerKind = "heuristic", string? model = null, string? prompt = null)
    {
        await using var db = Database.Factory.CreateDbContext();
        db.ProcessedConversations.Add(new ProcessedConversation
        {
            IssueKey = key,
            Status = "Done",
            ConversationStartUtc = Time.GetUtcNow().UtcDateTime.AddHours(-2),
            ConversationEndUtc = Time.GetUtcNow().UtcDateTime.AddHours(-1),
            AgentScore = agent,
            CustomerScore = customer,
            ConversationRating = rating,
            ConversationScore = agent is { } a && customer is { } c ? (a + c) / 2 : rating,
            PrimaryAgent = primaryAgent,
            Hub = hub,
            ScorerKind = scorerKind,
            ScorerVersion = scorerKind + "-1",
            Model = model,
            PromptVersion = prompt,
            ProcessedAtUtc = Time.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>A reviewer's review of some categories of the current scorecard (version 1 unless saved otherwise).</summary>
    public async Task<ReviewSaveResult> ReviewAsync(string key, string reviewer, params (string Category, double? Score)[] scores)
    {
        var scorecard = await Get<ScorecardStore>().GetCurrentAsync(TestContext.Current.CancellationToken);
        return await Get<ReviewService>().SaveAsync(
            new ReviewSubmission(key, "id-" + reviewer, reviewer, scorecard.Version, scores.ToDictionary(s => s.Category, s => s.Score), EveryCategoryRequired: false),
            TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Database.DisposeAsync();
    }
}
