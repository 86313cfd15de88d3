using JiraQuality.Core.Identity;
using JiraQuality.Core.Review;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Review;

/// <summary>Scorecard versions, reviews, agreement, quality figures and disputes stored on both providers.</summary>
public sealed class ReviewStorageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_default_scorecard_is_version_1_and_saving_adds_a_version_reviews_keep(DatabaseProvider provider)
    {
        await using var services = await ReviewTestServices.CreateAsync(provider);
        var store = services.Get<ScorecardStore>();

        var defaults = await store.GetCurrentAsync(Ct);
        Assert.Equal(1, defaults.Version);
        Assert.Equal(
            ["conversation_rating", "agent_score", "customer_score", "greeting", "empathy", "closing", "solution_offered", "tone", "comprehension", "readability", "spelling"],
            defaults.Categories.Select(c => c.Key));

        await services.AddConversationAsync("SUP-1", agent: 4);
        var onDefaults = await services.ReviewAsync("SUP-1", "ana@support.example", ("agent_score", 4), ("greeting", 1));
        Assert.Equal(ReviewSaveOutcome.Created, onDefaults.Outcome);

        var edited = defaults.Categories.Where(c => c.Key != "spelling")
            .Append(new ScorecardCategory { Key = "followed_process", Name = "Followed process", Scale = ScorecardScales.PassFail, Weight = 3, Critical = true, Description = "Logged in the CRM" })
            .ToList();
        var saved = await store.SaveAsync(edited, "admin@support.example", Ct);

        Assert.True(saved.Succeeded, string.Join("; ", saved.Problems));
        Assert.Equal(2, saved.Saved!.Version);
        Assert.Equal(2, (await store.GetCurrentAsync(Ct)).Version);
        Assert.Contains((await store.GetVersionAsync(1, Ct))!.Categories, c => c.Key == "spelling");
        Assert.DoesNotContain((await store.GetCurrentAsync(Ct)).Categories, c => c.Key == "spelling");
        var kept = await services.Get<ReviewService>().GetAsync("SUP-1", "id-ana@support.example", cancellationToken: Ct);
        Assert.Equal(1, kept!.ScorecardVersion);

        var withoutAi = await store.SaveAsync(edited.Where(c => c.Key != "agent_score").ToList(), "admin@support.example", Ct);
        Assert.False(withoutAi.Succeeded);
        Assert.Contains("The AI category agent_score is always on the scorecard.", withoutAi.Problems);
        var badWeight = await store.SaveAsync(edited.Select(c => c.Key == "tone" ? c with { Weight = 0 } : c).ToList(), "admin@support.example", Ct);
        Assert.Contains(badWeight.Problems, p => p.StartsWith("Category 8: the weight must be more than 0", StringComparison.Ordinal));
        Assert.Equal(2, (await store.GetCurrentAsync(Ct)).Version);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_review_keeps_the_ai_scores_it_was_made_next_to_and_a_critical_fail_makes_the_total_0(DatabaseProvider provider)
    {
        await using var services = await ReviewTestServices.CreateAsync(provider);
        await services.AddConversationAsync("SUP-2", agent: 3.5, customer: null, rating: 4);

        // Weights: agent 2, empathy 1, greeting 0.5. Agent 5 → 1.0, empathy 3 → 0.5, greeting pass → 1.0:
        // (2·1 + 1·0.5 + 0.5·1) / 3.5 = 3/3.5 = 85.714… → 85.7.
        var saved = await services.ReviewAsync("SUP-2", "ana@support.example", ("agent_score", 5), ("empathy", 3), ("greeting", 1), ("customer_score", null));
        Assert.Equal(ReviewSaveOutcome.Created, saved.Outcome);
        Assert.Equal(85.7, saved.Review!.Total);
        Assert.Equal(3.5, saved.Review.Scores.Single(s => s.Category == "agent_score").AiScore);
        Assert.Null(saved.Review.Scores.Single(s => s.Category == "customer_score").AiScore);

        var again = await services.ReviewAsync("SUP-2", "ana@support.example", ("agent_score", 5), ("empathy", 3), ("greeting", 1), ("customer_score", null));
        Assert.Equal(ReviewSaveOutcome.Unchanged, again.Outcome);

        // solution_offered is critical: a fail sets the total to 0 whatever the rest.
        var failed = await services.ReviewAsync("SUP-2", "ana@support.example", ("agent_score", 5), ("empathy", 5), ("solution_offered", 0));
        Assert.Equal(ReviewSaveOutcome.Updated, failed.Outcome);
        Assert.Equal(0, failed.Review!.Total);
        Assert.Equal(["agent_score", "empathy", "solution_offered"], failed.Review.Scores.Select(s => s.Category));

        var invalid = await services.ReviewAsync("SUP-2", "ana@support.example", ("agent_score", 6), ("empathy", null), ("nonsense", 1));
        Assert.Equal(ReviewSaveOutcome.Invalid, invalid.Outcome);
        Assert.Contains("Agent score: the score must be a whole number from 1 to 5, got 6.", invalid.Problems);
        Assert.Contains("Empathy: N/A is not allowed.", invalid.Problems);
        Assert.Contains("category: 'nonsense' is not on scorecard version 1.", invalid.Problems);

        var missing = await services.ReviewAsync("NOPE-9", "ana@support.example", ("agent_score", 3));
        Assert.Equal(["issue_key: no processed conversation has the key 'NOPE-9'."], missing.Problems);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_review_keeps_any_number_of_comments_each_about_a_message_or_the_whole_conversation(DatabaseProvider provider)
    {
        await using var services = await ReviewTestServices.CreateAsync(provider);
        await services.AddConversationAsync("SUP-4", agent: 3);
        var reviews = services.Get<ReviewService>();
        var scores = new Dictionary<string, double?> { ["agent_score"] = 4 };
        ReviewSubmission Submission(params ReviewCommentInput[] comments) =>
            new("SUP-4", "id-ana@support.example", "ana@support.example", 1, scores, comments, EveryCategoryRequired: false);

        var created = await reviews.SaveAsync(Submission(new(3, " Asked twice. "), new(null, "Solved in the end"), new(0, "   "), new(3, "<b>late</b>")), Ct);
        Assert.Equal(ReviewSaveOutcome.Created, created.Outcome);
        Assert.Equal([(3, "Asked twice."), (null, "Solved in the end"), (3, "<b>late</b>")], created.Review!.Comments.Select(c => (c.MessageIndex, c.Text)));

        var stored = await reviews.GetAsync("SUP-4", "id-ana@support.example", cancellationToken: Ct);
        Assert.Equal([(3, "Asked twice."), (null, "Solved in the end"), (3, "<b>late</b>")], stored!.Comments.Select(c => (c.MessageIndex, c.Text)));
        Assert.Equal(ReviewSaveOutcome.Unchanged, (await reviews.SaveAsync(Submission(new(3, "Asked twice."), new(null, "Solved in the end"), new(3, "<b>late</b>")), Ct)).Outcome);

        // Removing the second comment and adding one keeps the first as it was, with its time.
        services.Time.Advance(TimeSpan.FromHours(1));
        var edited = await reviews.SaveAsync(Submission(new(3, "Asked twice."), new(3, "<b>late</b>"), new(1, "Good greeting")), Ct);
        Assert.Equal(ReviewSaveOutcome.Updated, edited.Outcome);
        stored = await reviews.GetAsync("SUP-4", "id-ana@support.example", cancellationToken: Ct);
        Assert.Equal([(3, "Asked twice."), (3, "<b>late</b>"), (1, "Good greeting")], stored!.Comments.Select(c => (c.MessageIndex, c.Text)));
        Assert.Equal(created.Review.Comments[0].CreatedAtUtc, stored.Comments[0].CreatedAtUtc);
        Assert.Equal(services.Time.GetUtcNow().UtcDateTime, stored.Comments[2].CreatedAtUtc);
        Assert.Equal([(3, "Asked twice."), (3, "<b>late</b>"), (1, "Good greeting")], (await reviews.ListForConversationAsync("SUP-4", Ct)).Single().Comments.Select(c => (c.MessageIndex, c.Text)));

        var invalid = await reviews.SaveAsync(Submission(new(-1, "before the first"), new(null, new string('x', ReviewService.MaxCommentLength + 1))), Ct);
        Assert.Equal(ReviewSaveOutcome.Invalid, invalid.Outcome);
        Assert.Equal(["comment 1: the message number must not be negative.", $"comment 2: longer than {ReviewService.MaxCommentLength} characters."], invalid.Problems);

        // The CSV has one comment column: the comments one a line, an anchored one led by its message number; importing
        // the exported file again keeps them as they are.
        await using (var scope = services.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            Assert.True((await users.CreateAsync(new ApplicationUser { Id = "id-ana@support.example", UserName = "ana@support.example", Email = "ana@support.example" })).Succeeded);
        }

        var exported = new StringWriter();
        Assert.Equal(1, await services.Get<ReviewCsvExporter>().ExportAsync(exported, Ct));
        Assert.Contains("\"[message #3] Asked twice.\n[message #3] <b>late</b>\n[message #1] Good greeting\"", exported.ToString());
        await using (var scope = services.Services.CreateAsyncScope())
        {
            var imported = await scope.ServiceProvider.GetRequiredService<ReviewCsvImporter>()
                .ImportAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(exported.ToString())), "reviews.csv", "admin@support.example", Ct);
            Assert.True(imported.Succeeded, string.Join("; ", imported.Problems));
            Assert.Equal(1, imported.Unchanged);
        }

        stored = await reviews.GetAsync("SUP-4", "id-ana@support.example", cancellationToken: Ct);
        Assert.Equal([(3, "Asked twice."), (3, "<b>late</b>"), (1, "Good greeting")], stored!.Comments.Select(c => (c.MessageIndex, c.Text)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Upgrading_makes_the_single_comment_of_a_stored_review_its_first_comment(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, migrate: false);
        await using (var context = database.Factory.CreateDbContext())
        {
            var migrations = context.Database.GetMigrations().ToList();
            var before = migrations.TakeWhile(m => !m.EndsWith("_ReviewComments", StringComparison.Ordinal)).Last();
            Assert.Contains(migrations, m => m.EndsWith("_ReviewComments", StringComparison.Ordinal));
            await context.GetService<IMigrator>().MigrateAsync(before, Ct);
            foreach (var (id, key, comment, index) in new[] { ("6F9619FF-8B86-D011-B42D-00C04FC964FF", "SUP-1", "'Asked twice'", "3"), ("7F9619FF-8B86-D011-B42D-00C04FC964FF", "SUP-2", "NULL", "NULL") })
            {
#pragma warning disable EF1002, EF1003 // Constant test values only.
                await context.Database.ExecuteSqlRawAsync(
                    "INSERT INTO reviews (id, issue_key, reviewer_id, reviewer_email, context, scorecard_version, source, comment, comment_message_index, ai_scorer_kind, created_at_utc, updated_at_utc) " +
                    $"VALUES ('{id}', '{key}', 'id-ana', 'ana@support.example', '', 1, 'web', {comment}, {index}, 'heuristic', '2026-11-02 09:00:00', '2026-11-02 10:00:00')",
                    Ct);
#pragma warning restore EF1002, EF1003
            }
        }

        await database.Factory.MigrateAsync(Ct);

        await using var db = database.Factory.CreateDbContext();
        var reviews = await db.Set<ConversationReview>().Include(r => r.Comments).OrderBy(r => r.IssueKey).ToListAsync(Ct);
        Assert.Equal(["SUP-1", "SUP-2"], reviews.Select(r => r.IssueKey));
        var migrated = Assert.Single(reviews[0].Comments);
        Assert.Equal((3, "Asked twice", new DateTime(2026, 11, 2, 10, 0, 0)), (migrated.MessageIndex, migrated.Text, migrated.CreatedAtUtc));
        Assert.Empty(reviews[1].Comments);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Agreement_pairs_each_review_with_the_ai_score_stored_then(DatabaseProvider provider)
    {
        await using var services = await ReviewTestServices.CreateAsync(provider);
        await services.AddConversationAsync("SUP-1", agent: 3.5, customer: null, model: "gpt-4o-mini", prompt: "7", scorerKind: "llm");
        await services.AddConversationAsync("SUP-2", agent: 2.5, customer: 4);
        await services.AddConversationAsync("SUP-3", agent: 1, customer: 5);

        // agent_score pairs, as in AgreementStatisticsTests: (4, 3.5) (2, 3.5) (2, 2.5) (1, 1) → exact 0.5, within one 0.75,
        // MAD 0.625, κ 8/13. Two reviewers of SUP-1 make two pairs.
        // customer_score: SUP-1 has no AI customer score (no pair); SUP-2 is N/A for the reviewer (no pair); SUP-3 (5, 5) → 1 pair.
        await services.ReviewAsync("SUP-1", "ana@support.example", ("agent_score", 4), ("customer_score", 3));
        await services.ReviewAsync("SUP-2", "ana@support.example", ("agent_score", 2), ("customer_score", null));
        await services.ReviewAsync("SUP-3", "ana@support.example", ("agent_score", 1), ("customer_score", 5));
        services.Time.Advance(TimeSpan.FromDays(3));
        await services.ReviewAsync("SUP-1", "bo@support.example", ("agent_score", 2));

        // Re-scoring after the review does not move its pair: the AI score is the one the reviewer saw.
        await using (var db = services.Database.Factory.CreateDbContext())
        {
            var row = await db.ProcessedConversations.FindAsync(["SUP-3"], Ct);
            row!.AgentScore = 5;
            await db.SaveChangesAsync(Ct);
        }

        var report = await services.Get<AgreementQuery>().GetAsync(null, null, Ct);

        Assert.Equal(["conversation_rating", "agent_score", "customer_score"], report.Categories.Select(c => c.Category));
        var agent = report.Categories.Single(c => c.Category == "agent_score");
        Assert.Equal(4, agent.Pairs);
        Assert.Equal(0.5, agent.ExactAgreement);
        Assert.Equal(0.75, agent.WithinOne);
        Assert.Equal(0.625, agent.MeanAbsoluteDifference!.Value, 12);
        Assert.Equal(8.0 / 13.0, agent.QuadraticWeightedKappa!.Value, 12);
        var customer = report.Categories.Single(c => c.Category == "customer_score");
        Assert.Equal(1, customer.Pairs);
        Assert.Equal(1, customer.ExactAgreement);
        Assert.Null(customer.QuadraticWeightedKappa);
        Assert.Equal(0, report.Categories.Single(c => c.Category == "conversation_rating").Pairs);

        var bySlice = report.ByScorer.Where(s => s.Category == "agent_score").ToDictionary(s => s.Slice, s => s.Figures.Pairs);
        Assert.Equal(2, bySlice["llm · gpt-4o-mini · prompt 7"]);
        Assert.Equal(2, bySlice["heuristic · no model · prompt none"]);
        Assert.Equal(3, report.ByReviewer.Single(s => s.Category == "agent_score" && s.Slice == "ana@support.example").Figures.Pairs);
        var matrix = report.Matrices.Single(m => m.Category == "agent_score").Counts;
        Assert.Equal(1, matrix[1][3]);
        Assert.Equal(1, matrix[3][3]);

        // Only ana's reviews were saved on 2 November: bo's pair falls outside.
        var firstDay = await services.Get<AgreementQuery>().GetAsync(new DateTime(2026, 11, 2, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 3, 0, 0, 0, DateTimeKind.Utc), Ct);
        Assert.Equal(3, firstDay.Categories.Single(c => c.Category == "agent_score").Pairs);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Disputes_keep_their_history_and_accepted_corrections_change_the_quality_figures(DatabaseProvider provider)
    {
        await using var services = await ReviewTestServices.CreateAsync(provider);
        await services.AddConversationAsync("SUP-1", agent: 2, primaryAgent: "712020:agent-1", hub: "Berlin");
        await services.AddConversationAsync("SUP-2", agent: 5, primaryAgent: "712020:agent-1", hub: "Berlin");
        await services.AddConversationAsync("SUP-3", agent: 3, primaryAgent: "557058:agent-2", hub: null);
        var review = (await services.ReviewAsync("SUP-1", "ana@support.example", ("agent_score", 1), ("empathy", 5))).Review!;

        // agent_score weight 2, empathy 1: (2·0 + 1·1)/3 = 33.3.
        var before = await services.Get<ReviewQualityQuery>().GetAsync(null, null, Ct);
        var agent1 = before.Agents.Single(a => a.Name == "712020:agent-1");
        Assert.Equal(1, agent1.Reviews);
        Assert.Equal(33.3, agent1.InternalQualityScore);
        // Auto: AI agent scores 2 and 5 → 25 and 100 → 62.5.
        Assert.Equal(62.5, agent1.AutoQualityScore);
        Assert.Equal(50, before.Teams.Single(t => t.Name == ReviewQualityQuery.NoTeam).AutoQualityScore);

        var disputes = services.Get<DisputeService>();
        var onHuman = await disputes.OpenAsync("SUP-1", "agent_score", review.Id, "The agent did solve it on the second reply.", "lead@support.example", Ct);
        var onAi = await disputes.OpenAsync("SUP-1", "agent_score", null, "The AI missed the fix in the internal note.", "lead@support.example", Ct);
        Assert.True(onHuman.Succeeded && onAi.Succeeded);
        Assert.Equal(1, onHuman.Dispute!.DisputedScore);
        Assert.Equal("ana@support.example", onHuman.Dispute.Target);
        Assert.Equal(2, onAi.Dispute!.DisputedScore);
        Assert.Equal(DisputeService.AiTarget, onAi.Dispute.Target);
        var twice = await disputes.OpenAsync("SUP-1", "agent_score", null, "again", "lead@support.example", Ct);
        Assert.False(twice.Succeeded);
        Assert.False((await disputes.OpenAsync("SUP-1", "agent_score", null, "  ", "lead@support.example", Ct)).Succeeded);

        var badCorrection = await disputes.ResolveAsync(onHuman.Dispute.Id, accept: true, correctedScore: 7, "x", "admin@support.example", Ct);
        Assert.Equal("corrected score: give a whole number from 1 to 5, got 7.", badCorrection.Problem);
        var accepted = await disputes.ResolveAsync(onHuman.Dispute.Id, accept: true, correctedScore: 5, "Agreed.", "admin@support.example", Ct);
        services.Time.Advance(TimeSpan.FromMinutes(5));
        var acceptedAi = await disputes.ResolveAsync(onAi.Dispute.Id, accept: true, correctedScore: 4, null, "admin@support.example", Ct);
        Assert.Equal(DisputeStates.Accepted, accepted.Dispute!.State);
        Assert.Equal([DisputeStates.Open, DisputeStates.Accepted], accepted.Dispute.History.Select(h => h.State));
        Assert.Equal("Agreed.", accepted.Dispute.History[1].Note);
        Assert.Equal(5, accepted.Dispute.History[1].CorrectedScore);
        Assert.Equal("The dispute is already accepted.", (await disputes.ResolveAsync(onHuman.Dispute.Id, false, null, null, "admin@support.example", Ct)).Problem);

        // The human correction: (2·1 + 1·1)/3 = 100. The AI correction: 4 and 5 → 75 and 100 → 87.5.
        var after = await services.Get<ReviewQualityQuery>().GetAsync(null, null, Ct);
        var corrected = after.Agents.Single(a => a.Name == "712020:agent-1");
        Assert.Equal(100, corrected.InternalQualityScore);
        Assert.Equal(87.5, corrected.AutoQualityScore);

        var rejected = await disputes.OpenAsync("SUP-3", "agent_score", null, "Too low.", "lead@support.example", Ct);
        var closed = await disputes.ResolveAsync(rejected.Dispute!.Id, accept: false, correctedScore: null, "The AI is right.", "admin@support.example", Ct);
        Assert.Equal(DisputeStates.Rejected, closed.Dispute!.State);
        Assert.Null(closed.Dispute.CorrectedScore);
        Assert.Equal(50, (await services.Get<ReviewQualityQuery>().GetAsync(null, null, Ct)).Agents.Single(a => a.Name == "557058:agent-2").AutoQualityScore);
        Assert.Equal(3, (await disputes.ListAsync(null, Ct)).Count);
        Assert.Single(await disputes.ListAsync(DisputeStates.Rejected, Ct));
    }
}
