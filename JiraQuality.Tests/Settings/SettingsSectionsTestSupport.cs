using JiraQuality.Core.Agents.Directory;
using JiraQuality.Core.Ingestion;
using JiraQuality.Core.Scoring;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Scoring.Taxonomy;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JiraQuality.Tests.Settings;

/// <summary>The services the Settings sections use, on a real database and a throwaway data folder.</summary>
public sealed class SettingsSectionsHost : IDisposable
{
    public SettingsSectionsHost(TestDatabase db, ScoringOptions? scoring = null, LlmOptions? llm = null, TimeProvider? time = null, JiraQuality.Core.Jobs.IJobQueue? queue = null)
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "jq-settings-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(DataDirectory);
        Scoring = scoring ?? new ScoringOptions();
        if (string.IsNullOrWhiteSpace(Scoring.TaxonomyFile))
        {
            Scoring.TaxonomyFile = Path.Combine(JiraQuality.Core.Settings.DataDirectory.Resolve(null), ContactReasonTaxonomy.DefaultFileName);
        }

        Scoring.UploadedTaxonomyFile = Path.Combine(DataDirectory, TaxonomyStore.UploadedFileName);
        Directory_ = new AgentDirectoryService(db.Factory, new IngestionPaths(DataDirectory, new IngestionOptions(), new SampleOptions()));
        Taxonomy = new TaxonomyStore(Options.Create(Scoring));
        Llm = llm ?? new LlmOptions();
        Queue = queue ?? new JiraQuality.Tests.Jira.RecordingJobQueue();
        var services = new ServiceCollection()
            .AddSingleton(Queue)
            .AddSingleton(new JiraQuality.Core.Jobs.JobStore(db.Factory))
            .AddSingleton<JiraQuality.Core.Jobs.IJobEvents>(new JiraQuality.Core.Jobs.JobEventStream(TimeProvider.System));

        Services = services
            .AddSingleton(Directory_)
            .AddSingleton(Taxonomy)
            .AddSingleton(time ?? TimeProvider.System)
            .AddSingleton(new ScoringCostQuery(db.Factory))
            .AddSingleton(new ScorerFactory(Options.Create(Scoring), Options.Create(Llm), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance))
            .AddSingleton<Microsoft.EntityFrameworkCore.IDbContextFactory<JiraQuality.Core.Storage.JiraQualityDbContext>>(db.Factory)
            .AddLogging()
            .AddSingleton<ProcessingService>()
            .AddSingleton<ProcessingCostEstimator>()
            .BuildServiceProvider();
    }

    public string DataDirectory { get; }

    public JiraQuality.Core.Jobs.IJobQueue Queue { get; }

    public ScoringOptions Scoring { get; }

    public LlmOptions Llm { get; }

    public AgentDirectoryService Directory_ { get; }

    public TaxonomyStore Taxonomy { get; }

    public IServiceProvider Services { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }
}
