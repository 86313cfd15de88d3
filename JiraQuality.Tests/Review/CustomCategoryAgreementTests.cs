using System.Net.Http.Json;
using System.Text.Json;
using JiraQuality.Core.Review;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Review;

/// <summary>
/// Agreement over the scorecard's own categories the AI scored, on both providers. Hand-computed figures:
/// empathy (1–5) pairs (human, AI) (4, 4) (3, 4) (1, 2) (2, 5): exact 1/4, within one 3/4, MAD (0+1+1+3)/4 = 1.25;
/// quadratic weights (i − j)²/16: observed Σw·O = (1 + 1 + 9)/16 = 11/16; margins human {1,2,3,4} once each, AI
/// {2: 1, 4: 2, 5: 1}, Σ r·c·(i − j)² = 35 + 17 + 7 + 5 = 64, expected Σw·E = 64/(4·16) = 1, so κ = 1 − 11/16 = 5/16.
/// greeting (pass/fail) pairs (pass, pass) (fail, pass) (fail, fail) (pass, pass): exact 3/4, within one 1, MAD 1/4;
/// Cohen's κ = (3/4 − 1/2)/(1 − 1/2) = 1/2 (chance agreement (2·1 + 2·3)/16 = 1/2).
/// </summary>
public sealed class CustomCategoryAgreementTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task AddVerdictsAsync(IDbContextFactory<JiraQualityDbContext> contexts, string key, params (string Category, double? Score)[] verdicts)
    {
        await using var db = await contexts.CreateDbContextAsync(Ct);
        var row = await db.ProcessedConversations.SingleAsync(r => r.IssueKey == key, Ct);
        row.ScoreReasonsJson = new AssessmentDetails
        {
            Categories = verdicts.ToDictionary(v => v.Category, v => new CategoryVerdict(v.Score, $"{v.Category} judged by the model")),
        }.ToJson();
        await db.SaveChangesAsync(Ct);
    }

    private static async Task SeedAsync(IServiceProvider services, Func<string, string, (string, double?)[], Task> review)
    {
        var contexts = services.GetRequiredService<IDbContextFactory<JiraQualityDbContext>>();
        foreach (var key in new[] { "C-1", "C-2", "C-3", "C-4", "C-5" })
        {
            await ReviewApiTests.SeedAsync(services, key, agent: 3, customer: null);
        }

        await AddVerdictsAsync(contexts, "C-1", ("empathy", 4), ("greeting", 1));
        await AddVerdictsAsync(contexts, "C-2", ("empathy", 2), ("greeting", 0));
        await AddVerdictsAsync(contexts, "C-3", ("empathy", null));  // the model's N/A: no pair
        // C-4 has no verdicts at all (a heuristic row decides no empathy): no pair.
        await AddVerdictsAsync(contexts, "C-5", ("empathy", 5), ("greeting", 1));

        await review("C-1", "ana@support.example", [("empathy", 4), ("greeting", 1)]);
        await review("C-1", "bo@support.example", [("empathy", 3), ("greeting", 0)]);
        await review("C-2", "ana@support.example", [("empathy", 1), ("greeting", 0)]);
        await review("C-3", "ana@support.example", [("empathy", 3), ("greeting", null)]);
        await review("C-4", "ana@support.example", [("empathy", 5)]);
        await review("C-5", "ana@support.example", [("empathy", 2), ("greeting", 1)]);

        // Re-scoring after the reviews does not move their pairs: a review keeps the AI's scores it was made next to.
        await AddVerdictsAsync(contexts, "C-1", ("empathy", 1), ("greeting", 0));
        await AddVerdictsAsync(contexts, "C-4", ("empathy", 5));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Custom_categories_the_ai_scored_pair_with_reviews_as_the_three_ai_scores_do(DatabaseProvider provider)
    {
        await using var services = await ReviewTestServices.CreateAsync(provider);
        await SeedAsync(services.Services, async (key, reviewer, scores) => Assert.Empty((await services.ReviewAsync(key, reviewer, scores)).Problems));

        var stored = await services.Get<ReviewService>().GetAsync("C-1", "id-ana@support.example", cancellationToken: Ct);
        Assert.Equal(4, stored!.Scores.Single(s => s.Category == "empathy").AiScore);
        Assert.Equal(1, stored.Scores.Single(s => s.Category == "greeting").AiScore);

        var report = await services.Get<AgreementQuery>().GetAsync(null, null, Ct);

        Assert.Equal(["conversation_rating", "agent_score", "customer_score", "empathy", "greeting"], report.Categories.Select(c => c.Category));
        var empathy = report.Categories.Single(c => c.Category == "empathy");
        Assert.Equal(4, empathy.Pairs);
        Assert.Equal(0.25, empathy.ExactAgreement);
        Assert.Equal(0.75, empathy.WithinOne);
        Assert.Equal(1.25, empathy.MeanAbsoluteDifference!.Value, 12);
        Assert.Equal(5.0 / 16.0, empathy.QuadraticWeightedKappa!.Value, 12);

        var greeting = report.Categories.Single(c => c.Category == "greeting");
        Assert.Equal(4, greeting.Pairs);
        Assert.Equal(0.75, greeting.ExactAgreement);
        Assert.Equal(1, greeting.WithinOne);
        Assert.Equal(0.25, greeting.MeanAbsoluteDifference!.Value, 12);
        Assert.Equal(0.5, greeting.QuadraticWeightedKappa!.Value, 12);

        var matrix = report.Matrices.Single(m => m.Category == "greeting");
        Assert.Equal(["fail", "pass"], matrix.Points);
        Assert.Equal([[1, 1], [0, 2]], matrix.Counts.Select(r => r.ToArray()).ToArray());
        Assert.Equal(5, report.Matrices.Single(m => m.Category == "empathy").Counts.Count);
        Assert.Equal(3, report.ByReviewer.Single(s => s.Category == "empathy" && s.Slice == "ana@support.example").Figures.Pairs);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_agreement_api_lists_custom_categories_with_an_ai_counterpart(DatabaseProvider provider)
    {
        await using var app = await JiraQualityAppFactory.ForProviderAsync(provider);
        using var client = await app.CreateClientForAsync(Core.Identity.Roles.Analyst);
        await SeedAsync(app.Services, async (key, reviewer, scores) => Assert.Empty((await ReviewApiTests.ReviewAsync(app.Services, key, reviewer, scores)).Problems));

        var body = await client.GetFromJsonAsync<JsonElement>("/api/review/agreement", Ct);

        var categories = body.GetProperty("categories").EnumerateArray().ToDictionary(c => c.GetProperty("category").GetString()!);
        Assert.Equal(["conversation_rating", "agent_score", "customer_score", "empathy", "greeting"], categories.Keys);
        Assert.Equal(4, categories["empathy"].GetProperty("pairs").GetInt32());
        Assert.Equal(0.25, categories["empathy"].GetProperty("exactAgreement").GetDouble());
        Assert.Equal(1.25, categories["empathy"].GetProperty("meanAbsoluteDifference").GetDouble(), 12);
        Assert.Equal(5.0 / 16.0, categories["empathy"].GetProperty("quadraticWeightedKappa").GetDouble(), 12);
        Assert.Equal(0.5, categories["greeting"].GetProperty("quadraticWeightedKappa").GetDouble(), 12);
        Assert.False(categories.ContainsKey("tone"), "a category the AI never scored has no pairs and is not listed");
    }
}
