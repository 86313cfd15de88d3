using JiraQuality.Core.Ingestion.Import;
using JiraQuality.Benchmarks.Sample;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Tests.Scoring;
using JiraQuality.Web.Features.Import;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Ingestion;

/// <summary>The Import page's state against the real app: its runner, handlers and SQLite database.</summary>
public sealed class ImportPageStateTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_jira_export_is_imported_as_a_job_that_the_runner_follows_with_processing()
    {
        await using var factory = new JiraQualityAppFactory();
        var state = factory.Services.GetRequiredService<ImportPageState>();
        var copy = new SampleExportGenerator(new SampleExportSettings { Tickets = 12 }).WriteFile(Path.Combine(factory.DataDirectory, "upload-copy.csv"));
        var changes = 0;
        state.Changed += () => Interlocked.Increment(ref changes);

        Assert.True(await state.StartAsync([(new ImportFile(copy, "march.csv"), ImportFileKindDetector.Detect(copy))], cancellationToken: Ct));
        var import = Assert.Single(state.Jobs);
        await state.WhenIdleAsync();

        Assert.Equal((JobKinds.CsvImport, JobStates.Succeeded), (import.Kind, import.Finished!.State));
        Assert.False(state.IsImporting);
        Assert.Equal(12, state.LastReport!.Created);
        Assert.Equal("march.csv", state.LastReport.Files[0].FileName);
        Assert.Null(state.LastError);
        Assert.True(changes >= 2, "queued and finished are both announced");
        Assert.False(File.Exists(copy), "the job deletes the uploaded copy");

        var processing = await JobWait.FollowUpAsync(factory.Services.GetRequiredService<JobStore>(), import.JobId, JobKinds.Processing);
        var processed = await JobWait.UntilFinishedAsync(factory.Services.GetRequiredService<IJobQueue>(), processing.Id);
        Assert.Equal(JobStates.Succeeded, processed.State);
        Assert.Equal((100.0, JobRequesters.Page), (processed.Percent, processed.RequestedBy));

        await using var db = factory.Services.GetRequiredService<JiraQualityContextFactory>().CreateDbContext();
        var prepared = await db.PreparedConversations.Select(p => p.IssueKey).OrderBy(k => k).ToListAsync(Ct);
        var rows = await db.ProcessedConversations.AsNoTracking().ToListAsync(Ct);
        Assert.Equal(prepared, rows.Select(r => r.IssueKey).Order().ToList());
        Assert.All(rows, r => Assert.Equal(ScorerKinds.Heuristic, r.ScorerKind));
    }

    [Fact]
    public async Task Scored_csvs_are_queued_as_scored_imports_and_a_bad_one_fails_naming_line_and_column()
    {
        await using var factory = new JiraQualityAppFactory();
        var state = factory.Services.GetRequiredService<ImportPageState>();
        var good = Path.Combine(factory.DataDirectory, "good-copy.csv");
        var bad = Path.Combine(factory.DataDirectory, "bad-copy.csv");
        await File.WriteAllTextAsync(good, ScoredCsvTests.FirstLayout, Ct);
        await File.WriteAllTextAsync(bad, ScoredCsvTests.FirstLayout.Replace(",4,Dock won't release,", ",great,Dock won't release,", StringComparison.Ordinal), Ct);
        Assert.Equal(ImportFileKind.ScoredCsv, ImportFileKindDetector.Detect(good));

        Assert.True(await state.StartAsync(
            [
                (new ImportFile(good, "convo_quality_550.csv"), ImportFileKindDetector.Detect(good)),
                (new ImportFile(bad, "convo_quality_bad.csv"), ImportFileKindDetector.Detect(bad)),
            ], cancellationToken: Ct));
        await state.WhenIdleAsync();

        Assert.Equal(2, state.Jobs.Count);
        Assert.All(state.Jobs, j => Assert.Equal(JobKinds.ScoredCsvImport, j.Kind));
        var imported = state.Jobs[0].Finished!;
        Assert.Equal(JobStates.Succeeded, imported.State);
        Assert.Contains("Imported 1 scored conversations from convo_quality_550.csv", imported.Summary);
        var refused = state.Jobs[1].Finished!;
        Assert.Equal(JobStates.Failed, refused.State);
        Assert.Contains("convo_quality_bad.csv line 2, column conversation_rating", refused.Error);
        Assert.Null(state.LastReport);
        Assert.False(File.Exists(good));
        Assert.False(File.Exists(bad));

        await using var db = factory.Services.GetRequiredService<JiraQualityContextFactory>().CreateDbContext();
        var row = Assert.Single(await db.ProcessedConversations.AsNoTracking().ToListAsync(Ct));
        Assert.Equal(("CC-39389", ScorerKinds.Imported), (row.IssueKey, row.ScorerKind));
    }

    [Fact]
    public async Task A_scored_csv_keeps_conversations_scored_here_unless_asked_to_replace_them()
    {
        await using var factory = new JiraQualityAppFactory();
        var state = factory.Services.GetRequiredService<ImportPageState>();
        var export = new SampleExportGenerator(new SampleExportSettings { Tickets = 3 }).WriteFile(Path.Combine(factory.DataDirectory, "export-copy.csv"));
        Assert.True(await state.StartAsync([(new ImportFile(export, "export.csv"), ImportFileKind.JiraExport)], cancellationToken: Ct));
        await state.WhenIdleAsync();
        var processing = await JobWait.FollowUpAsync(factory.Services.GetRequiredService<JobStore>(), state.Jobs[0].JobId, JobKinds.Processing);
        Assert.Equal(JobStates.Succeeded, (await JobWait.UntilFinishedAsync(factory.Services.GetRequiredService<IJobQueue>(), processing.Id)).State);
        string key;
        await using (var db = factory.Services.GetRequiredService<JiraQualityContextFactory>().CreateDbContext())
        {
            key = (await db.ProcessedConversations.OrderBy(r => r.IssueKey).FirstAsync(Ct)).IssueKey;
        }

        var scoredText = ScoredCsvTests.FirstLayout.Replace("CC-39389", key, StringComparison.Ordinal);
        var keep = Path.Combine(factory.DataDirectory, "keep-copy.csv");
        await File.WriteAllTextAsync(keep, scoredText, Ct);
        Assert.True(await state.StartAsync([(new ImportFile(keep, "history.csv"), ImportFileKind.ScoredCsv)], cancellationToken: Ct));
        await state.WhenIdleAsync();
        Assert.Contains("Imported 0 scored conversations", state.Jobs[0].Finished!.Summary);
        Assert.Contains("1 already scored here", state.Jobs[0].Finished!.Summary);

        var replace = Path.Combine(factory.DataDirectory, "replace-copy.csv");
        await File.WriteAllTextAsync(replace, scoredText, Ct);
        Assert.True(await state.StartAsync([(new ImportFile(replace, "history.csv"), ImportFileKind.ScoredCsv)], overwriteScored: true, cancellationToken: Ct));
        await state.WhenIdleAsync();
        Assert.Contains("Imported 1 scored conversations", state.Jobs[0].Finished!.Summary);

        await using var after = factory.Services.GetRequiredService<JiraQualityContextFactory>().CreateDbContext();
        var kinds = await after.ProcessedConversations.AsNoTracking().ToDictionaryAsync(r => r.IssueKey, r => r.ScorerKind, Ct);
        Assert.Equal(ScorerKinds.Imported, kinds[key]);
        Assert.Equal(2, kinds.Values.Count(k => k == ScorerKinds.Heuristic));
    }
}
