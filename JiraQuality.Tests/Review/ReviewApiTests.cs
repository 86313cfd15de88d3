using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JiraQuality.Core.Review;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Review;

/// <summary><c>GET /api/review/agreement</c> and <c>/api/review/quality</c> over HTTP, on each provider.</summary>
public sealed class ReviewApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static async Task SeedAsync(IServiceProvider services, string key, double? agent, double? customer, string primaryAgent = "712020:agent-1", string? hub = "Berlin")
    {
        var contexts = services.GetRequiredService<IDbContextFactory<JiraQualityDbContext>>();
        await using var db = await contexts.CreateDbContextAsync(Ct);
        db.ProcessedConversations.Add(new ProcessedConversation
        {
            IssueKey = key,
            Status = "Done",
            ConversationStartUtc = DateTime.UtcNow.AddHours(-2),
            ConversationEndUtc = DateTime.UtcNow.AddHours(-1),
            AgentScore = agent,
            CustomerScore = customer,
            PrimaryAgent = primaryAgent,
            Hub = hub,
            ScorerKind = "heuristic",
            ScorerVersion = "h-1",
            ProcessedAtUtc = DateTime.UtcNow,
        });
        await db.SaveChangesAsync(Ct);
    }

    internal static Task<ReviewSaveResult> ReviewAsync(IServiceProvider services, string key, string reviewer, params (string Category, double? Score)[] scores) =>
        services.GetRequiredService<ReviewService>().SaveAsync(
            new ReviewSubmission(key, "id-" + reviewer, reviewer, 1, scores.ToDictionary(s => s.Category, s => s.Score), EveryCategoryRequired: false), Ct);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Agreement_answers_per_ai_category_as_the_issue_specifies(DatabaseProvider provider)
    {
        await using var app = await JiraQualityAppFactory.ForProviderAsync(provider);
        using var client = await app.CreateClientForAsync(Core.Identity.Roles.Analyst);

        var empty = await client.GetFromJsonAsync<JsonElement>("/api/review/agreement", Ct);
        Assert.Equal(["conversation_rating", "agent_score", "customer_score"], empty.GetProperty("categories").EnumerateArray().Select(c => c.GetProperty("category").GetString()));
        Assert.All(empty.GetProperty("categories").EnumerateArray(), c =>
        {
            Assert.Equal(0, c.GetProperty("pairs").GetInt32());
            Assert.Equal(JsonValueKind.Null, c.GetProperty("quadraticWeightedKappa").ValueKind);
        });

        // agent_score pairs (human, AI): (4, 3.5) (2, 3.5) (2, 2.5) (1, 1): exact 0.5, within one 0.75, MAD 0.625, κ 8/13
        // (worked out in AgreementStatisticsTests). customer_score: API-1 has none from the AI, so the only pair is (5, 5).
        await SeedAsync(app.Services, "API-1", agent: 3.5, customer: null);
        await SeedAsync(app.Services, "API-2", agent: 2.5, customer: 5);
        await SeedAsync(app.Services, "API-3", agent: 1, customer: null);
        await ReviewAsync(app.Services, "API-1", "ana@support.example", ("agent_score", 4), ("customer_score", 2));
        await ReviewAsync(app.Services, "API-1", "bo@support.example", ("agent_score", 2));
        await ReviewAsync(app.Services, "API-2", "ana@support.example", ("agent_score", 2), ("customer_score", 5));
        await ReviewAsync(app.Services, "API-3", "ana@support.example", ("agent_score", 1));

        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var body = await client.GetFromJsonAsync<JsonElement>($"/api/review/agreement?from={today}&to={today}", Ct);
        var agent = body.GetProperty("categories").EnumerateArray().Single(c => c.GetProperty("category").GetString() == "agent_score");
        Assert.Equal(4, agent.GetProperty("pairs").GetInt32());
        Assert.Equal(0.5, agent.GetProperty("exactAgreement").GetDouble());
        Assert.Equal(0.75, agent.GetProperty("withinOne").GetDouble());
        Assert.Equal(0.625, agent.GetProperty("meanAbsoluteDifference").GetDouble(), 12);
        Assert.Equal(8.0 / 13.0, agent.GetProperty("quadraticWeightedKappa").GetDouble(), 12);
        var customer = body.GetProperty("categories").EnumerateArray().Single(c => c.GetProperty("category").GetString() == "customer_score");
        Assert.Equal(1, customer.GetProperty("pairs").GetInt32());

        var earlier = await client.GetFromJsonAsync<JsonElement>("/api/review/agreement?from=2020-01-01&to=2020-12-31", Ct);
        Assert.All(earlier.GetProperty("categories").EnumerateArray(), c => Assert.Equal(0, c.GetProperty("pairs").GetInt32()));

        var bad = await client.GetAsync("/api/review/agreement?from=31.12.2026", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("YYYY-MM-DD", await bad.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/review/agreement?from=2026-12-02&to=2026-12-01", Ct)).StatusCode);

        var quality = await client.GetFromJsonAsync<JsonElement>("/api/review/quality", Ct);
        var row = quality.GetProperty("agents").EnumerateArray().Single(a => a.GetProperty("name").GetString() == "712020:agent-1");
        Assert.Equal(4, row.GetProperty("reviews").GetInt32());
        Assert.Equal(3, row.GetProperty("scored").GetInt32());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_user_scoped_to_a_hub_gets_agreement_and_quality_of_that_hub_only(DatabaseProvider provider)
    {
        await using var app = await JiraQualityAppFactory.ForProviderAsync(provider);
        await SeedAsync(app.Services, "BER-1", agent: 4, customer: null, primaryAgent: "712020:berlin-agent", hub: "Berlin");
        await SeedAsync(app.Services, "MAD-1", agent: 1, customer: null, primaryAgent: "557058:madrid-agent", hub: "Madrid");
        await SeedAsync(app.Services, "NOH-1", agent: 2, customer: null, primaryAgent: "557058:madrid-agent", hub: null);
        await ReviewAsync(app.Services, "BER-1", "ana@support.example", ("agent_score", 4));
        await ReviewAsync(app.Services, "MAD-1", "ana@support.example", ("agent_score", 5));
        await ReviewAsync(app.Services, "NOH-1", "ana@support.example", ("agent_score", 2));
        var user = await app.EnsureUserAsync(Core.Identity.Roles.Analyst);
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<JiraQualityDbContext>>().CreateDbContextAsync(Ct))
        {
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.AllowedHubs, "Berlin"), Ct);
        }

        using var scoped = await app.CreateClientForAsync(Core.Identity.Roles.Analyst);
        using var admin = app.CreateClient();

        static JsonElement Agent(JsonElement body) => body.GetProperty("categories").EnumerateArray().Single(c => c.GetProperty("category").GetString() == "agent_score");

        // Berlin's one pair (4, 4) agrees exactly; with Madrid's (5, 1) and the hub-less (2, 2) the admin sees 2 of 3.
        var mine = Agent(await scoped.GetFromJsonAsync<JsonElement>("/api/review/agreement", Ct));
        Assert.Equal(1, mine.GetProperty("pairs").GetInt32());
        Assert.Equal(1, mine.GetProperty("exactAgreement").GetDouble());
        var all = Agent(await admin.GetFromJsonAsync<JsonElement>("/api/review/agreement", Ct));
        Assert.Equal(3, all.GetProperty("pairs").GetInt32());
        Assert.Equal(2.0 / 3, all.GetProperty("exactAgreement").GetDouble(), 12);

        var quality = await scoped.GetFromJsonAsync<JsonElement>("/api/review/quality", Ct);
        Assert.Equal(["712020:berlin-agent"], quality.GetProperty("agents").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        Assert.Equal(["Berlin"], quality.GetProperty("teams").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        var everyone = await admin.GetFromJsonAsync<JsonElement>("/api/review/quality", Ct);
        Assert.Equal(3, everyone.GetProperty("teams").GetArrayLength());
    }
}
