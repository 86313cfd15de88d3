using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JiraQuality.Core.Jobs;

/// <summary>Table <c>job_runs</c>.</summary>
internal sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> e)
    {
        e.ToTable("job_runs");
        e.HasKey(x => x.Id);
        e.HasIndex(x => new { x.State, x.Kind });
        e.HasIndex(x => x.CreatedAtUtc);

        // One active job per kind and input, whichever instance was asked: a second request joins the first. Kinds whose
        // running jobs take no new requests (processing) give up the key when they start, so one can be queued behind them.
        e.HasIndex(x => new { x.Kind, x.InputKey }, "ix_job_runs_one_active_per_input").IsUnique().HasFilter("state IN ('queued', 'running')");
    }
}
