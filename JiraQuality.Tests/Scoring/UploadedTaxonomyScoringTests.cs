using JiraQuality.Core.Scoring;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Scoring.Taxonomy;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Benchmarks;
using Microsoft.Extensions.Options;

namespace JiraQuality.Tests.Scoring;

public sealed class UploadedTaxonomyScoringTests
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_uploaded_taxonomy_makes_llm_rows_pending_again_and_a_reset_restores_the_first_version(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.Factory.CreateDbContext())
        {
            db.PreparedConversations.AddRange(ScoringTestSupport.Tickets(3));
            await db.SaveChangesAsync(Ct);
        }

        var folder = Path.Combine(Path.GetTempPath(), "jq-taxonomy-run-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(folder);
        try
        {
            var configured = Path.Combine(folder, "configured.json");
            await File.WriteAllTextAsync(configured, """["Hardware fault"]""", Ct);
            var scoring = new ScoringOptions { TaxonomyFile = configured, UploadedTaxonomyFile = Path.Combine(folder, TaxonomyStore.UploadedFileName) };
            await using var server = await LoopbackChatServer.StartAsync((_, _, _) => new LoopbackAnswer(200, LoopbackChatServer.Completion(
                LlmAnswers.ForShortThread().ToJsonString(), 1000, 100)));
            var factory = ScoringTestSupport.Factory(scoring, LlmScorerTests.Options(server.Endpoint));
            var service = ScoringTestSupport.Service(database.Factory, factory);
            var store = new TaxonomyStore(Options.Create(scoring));

            async Task<(int Processed, string Version)> RunAsync()
            {
                var result = await service.RunAsync(new ProcessingRequest { Concurrency = 1 }, new RecordingProgress(), Ct);
                return (result.Processed, result.ScorerVersion);
            }

            var first = await RunAsync();
            Assert.Equal(3, first.Processed);
            Assert.Equal(0, (await RunAsync()).Processed);

            await store.SaveUploadedAsync("""{"reasons":[{"label":"Hardware fault","hints":["laptop"]},{"label":"Password reset"}]}""", "upload.json", Ct);
            var afterUpload = await RunAsync();
            Assert.Equal(3, afterUpload.Processed);
            Assert.NotEqual(first.Version, afterUpload.Version);
            Assert.Contains(ContactReasonTaxonomy.Parse("""["Hardware fault","Password reset"]""").Fingerprint, afterUpload.Version);

            // A run's own --taxonomy-file still wins over the upload.
            Assert.Equal(["Hardware fault", "Other"], factory.LoadTaxonomy(configured).Labels);

            store.ResetToDefault();
            var afterReset = await RunAsync();
            Assert.Equal(3, afterReset.Processed);
            Assert.Equal(first.Version, afterReset.Version);
            Assert.Equal(TaxonomySourceKind.Configured, store.Load().Kind);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
