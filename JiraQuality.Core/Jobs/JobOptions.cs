using System.ComponentModel.DataAnnotations;
using JiraQuality.Core.Settings;

namespace JiraQuality.Core.Jobs;

/// <summary>Bound from the <c>Jobs</c> section of appsettings.json.</summary>
public sealed class JobOptions
{
    public const string SectionName = "Jobs";

    /// <summary>How many jobs of one kind may wait; a request beyond that is refused rather than lost silently.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "Jobs:QueueCapacityPerKind must be at least 1.")]
    public int QueueCapacityPerKind { get; set; } = 64;

    /// <summary>How many log lines a job keeps (in memory, in its stored record and on the Jobs page).</summary>
    [Range(1, int.MaxValue, ErrorMessage = "Jobs:LogTailLines must be at least 1.")]
    public int LogTailLines { get; set; } = 200;

    /// <summary>How often a running job's counts and log tail are written to its stored record.</summary>
    [PositiveTimeSpan("Jobs:ProgressSaveInterval")]
    public TimeSpan ProgressSaveInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a runner retries the per-kind database lock another instance holds.</summary>
    [PositiveTimeSpan("Jobs:LockPollInterval")]
    public TimeSpan LockPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How often a runner looks for work other instances left behind: queued jobs nobody runs, and running jobs whose
    /// instance died (their kind's lock is free). Start-up always looks once.
    /// </summary>
    [PositiveTimeSpan("Jobs:RecoveryInterval")]
    public TimeSpan RecoveryInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// On a shared database (PostgreSQL), how often this instance reads the job table for jobs other instances queued
    /// or run, so its indicator, hub and refreshing pages see them too. Off on SQLite, whose file one process owns.
    /// </summary>
    [PositiveTimeSpan("Jobs:ClusterPollInterval")]
    public TimeSpan ClusterPollInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Kinds whose requests carry their own input (an uploaded file, a ticket filter): a request joins an active job
    /// of the same kind only when its parameters are equal, otherwise it waits its turn. Every other kind works on
    /// the whole backlog, so any request joins the active job of its kind.
    /// </summary>
    /// <remarks>
    /// <see cref="JobKinds.ReapplyRoles"/> is here because its requests name the agent directory they were made for: a
    /// request after a directory edit must not join a job that may already have read the directory before the edit.
    /// </remarks>
    public List<string> KindsWithDistinctInputs { get; set; } =
        [JobKinds.CsvImport, JobKinds.ScoredCsvImport, JobKinds.Rescore, JobKinds.ReapplyRoles];

    /// <summary>
    /// Kinds whose jobs choose their work when they start (processing selects the pending conversations then): a request
    /// joins a queued job of the kind but never a running one, so tickets stored after a running job chose its work (a
    /// webhook arriving mid-run) get a run of their own at once instead of waiting for the schedule.
    /// </summary>
    public List<string> KindsJoiningOnlyQueuedJobs { get; set; } = [JobKinds.Processing];

    /// <summary>
    /// Kinds whose jobs claim their work item by item in the database (processing claims each conversation): on a shared
    /// database a job of the kind runs on each instance at the same time, and together they finish the backlog sooner.
    /// Every other kind runs on one instance at a time.
    /// </summary>
    public List<string> KindsSharingWorkAcrossInstances { get; set; } = [JobKinds.Processing, JobKinds.Rescore];
}
