using System.Globalization;
using CsvHelper;
using JiraQuality.Core.Ingestion;
using JiraQuality.Benchmarks.Sample;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Scoring.Taxonomy;
using JiraQuality.Core.Settings;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Ingestion;

/// <summary>The sample's contact reasons are the labels of the taxonomy it ships with, and its first scoring uses that taxonomy.</summary>
public sealed class SampleTaxonomyTests
{
    private const string ReasonColumn = "Custom field (Contact Reason)";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Every_contact_reason_of_the_committed_sample_is_a_label_of_the_sample_taxonomy()
    {
        var data = DataDirectory.Resolve(null);
        var taxonomy = ContactReasonTaxonomy.Load(Path.Combine(data, new SampleOptions().TaxonomyFile));
        var reasons = ReasonsIn(File.ReadAllText(Path.Combine(data, new SampleOptions().File)));

        Assert.True(reasons.Count >= 10, $"The sample has only {reasons.Count} distinct contact reasons.");
        var unknown = reasons.Where(r => taxonomy.Match(r) is not (_, true)).ToList();
        Assert.True(unknown.Count == 0, "Sample contact reasons missing from the sample taxonomy: " + string.Join(", ", unknown));
        var unused = taxonomy.Labels.Where(l => l != "Other" && !reasons.Contains(l)).ToList();
        Assert.True(unused.Count == 0, "Sample taxonomy labels no sample ticket uses: " + string.Join(", ", unused));
    }

    [Fact]
    public void The_generator_writes_only_reasons_of_the_sample_taxonomy()
    {
        var taxonomy = ContactReasonTaxonomy.Load(Path.Combine(DataDirectory.Resolve(null), new SampleOptions().TaxonomyFile));
        using var csv = new StringWriter(CultureInfo.InvariantCulture);
        new SampleExportGenerator(new SampleExportSettings { Tickets = 200, Seed = 7 }).Write(csv);

        var unknown = ReasonsIn(csv.ToString()).Where(r => taxonomy.Match(r) is not (_, true)).ToList();
        Assert.True(unknown.Count == 0, "Generated contact reasons missing from the sample taxonomy: " + string.Join(", ", unknown));
    }

    [Fact]
    public async Task The_first_start_scores_the_sample_with_its_own_taxonomy()
    {
        await using var factory = new JiraQualityAppFactory(new Dictionary<string, string?>
        {
            ["Sample:ImportOnFirstStart"] = "true",
            ["Llm:ApiKey"] = "",
            ["Llm:Endpoint"] = "",
        });
        var options = new SampleOptions();
        new SampleExportGenerator(new SampleExportSettings { Tickets = 5 }).WriteFile(Path.Combine(factory.DataDirectory, options.File));
        var taxonomy = Path.Combine(factory.DataDirectory, options.TaxonomyFile);
        File.Copy(Path.Combine(DataDirectory.Resolve(null), options.TaxonomyFile), taxonomy);

        var store = factory.Services.GetRequiredService<JobStore>();
        var deadline = DateTime.UtcNow + JobWait.Timeout;
        JobSnapshot? processing = null;
        while (processing is null && DateTime.UtcNow < deadline)
        {
            processing = (await store.ListAsync(new JobListFilter(Kind: JobKinds.Processing), Ct)).FirstOrDefault(j => j.RequestedBy == JobRequesters.Startup);
            await Task.Delay(100, Ct);
        }

        Assert.NotNull(processing);
        var details = await store.GetDetailsAsync(processing.Id, Ct);
        Assert.Equal(taxonomy, details!.Parameters[ProcessingParameters.TaxonomyFile]);
        var done = await JobWait.UntilFinishedAsync(factory.Services.GetRequiredService<IJobQueue>(), processing.Id);
        Assert.Equal(JobStates.Succeeded, done.State);
    }

    /// <summary>The distinct values of both contact-reason columns (Jira exports the field twice).</summary>
    private static HashSet<string> ReasonsIn(string csvText)
    {
        using var reader = new CsvReader(new StringReader(csvText), CultureInfo.InvariantCulture);
        reader.Read();
        reader.ReadHeader();
        var header = reader.HeaderRecord!;
        var columns = Enumerable.Range(0, header.Length).Where(i => header[i] == ReasonColumn).ToList();
        Assert.Equal(2, columns.Count);
        var reasons = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            foreach (var value in columns.Select(i => reader.GetField(i)).Where(v => !string.IsNullOrWhiteSpace(v)))
            {
                reasons.Add(value!);
            }
        }

        return reasons;
    }
}
