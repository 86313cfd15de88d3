using System.CommandLine;
using System.Globalization;
using JiraQuality.Core.Jobs;
using JiraQuality.Web.Hosting;

namespace JiraQuality.Web.Features.Jobs;

/// <summary><c>jobs list|show|cancel</c>: the stored jobs, read and cancelled through the same store the pages use.</summary>
public static class JobsVerbs
{
    public static Command JobsCommand()
    {
        var command = new Command("jobs", "List, show or cancel the app's jobs (imports, processing, syncs).");
        command.Subcommands.Add(ListCommand());
        command.Subcommands.Add(ShowCommand());
        command.Subcommands.Add(CancelCommand());
        return command;
    }

    private static IHost BuildHost() => CommandLineApp.BuildHost(services => services.AddSingleton<JobStore>());

    private static Command ListCommand()
    {
        var state = new Option<string?>("--state") { Description = "Only jobs in this state (queued, running, succeeded, failed, cancelled, interrupted)." };
        var kind = new Option<string?>("--kind") { Description = "Only jobs of this kind (csv-import, processing, jira-sync, ...)." };
        var take = new Option<int>("--take") { Description = "How many of the newest jobs to show.", DefaultValueFactory = _ => 20 };
        var command = new Command("list", "List the newest jobs.");
        command.Options.Add(state);
        command.Options.Add(kind);
        command.Options.Add(take);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            using var host = BuildHost();
            var jobs = await host.Services.GetRequiredService<JobStore>().ListAsync(
                new JobListFilter(parseResult.GetValue(state), parseResult.GetValue(kind), parseResult.GetValue(take)), cancellationToken);
            if (jobs.Count == 0)
            {
                await output.WriteLineAsync("No jobs.");
                return 0;
            }

            await output.WriteLineAsync($"{"id",-36}  {"kind",-18}  {"state",-11}  {"progress",-20}  {"created (UTC)",-19}  requested by");
            foreach (var job in jobs)
            {
                var progress = string.Create(CultureInfo.InvariantCulture, $"{job.Completed}/{job.Total} ({job.Percent:0.#}%)");
                await output.WriteLineAsync(
                    string.Create(CultureInfo.InvariantCulture, $"{job.Id,-36}  {job.Kind,-18}  {job.State,-11}  {progress,-20}  {job.CreatedAtUtc:yyyy-MM-dd HH:mm:ss}  {job.RequestedBy}"));
            }

            return 0;
        });
        return command;
    }

    private static Command ShowCommand()
    {
        var id = new Argument<Guid>("id") { Description = "The job's id." };
        var command = new Command("show", "Show one job with its parameters and log tail.");
        command.Arguments.Add(id);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            using var host = BuildHost();
            var details = await host.Services.GetRequiredService<JobStore>().GetDetailsAsync(parseResult.GetValue(id), cancellationToken);
            if (details is null)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"No job with id {parseResult.GetValue(id)}.");
                return 1;
            }

            var job = details.Job;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{job.Kind} job {job.Id}: {job.State}, {job.Completed}/{job.Total} ({job.Percent:0.#}%)"));
            await output.WriteLineAsync($"requested by {job.RequestedBy}; created {job.CreatedAtUtc:u}; started {job.StartedAtUtc:u}; finished {job.FinishedAtUtc:u}");
            foreach (var (name, value) in details.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                await output.WriteLineAsync($"  {name} = {value}");
            }

            if (job.Summary is not null)
            {
                await output.WriteLineAsync("summary: " + job.Summary);
            }

            if (job.Error is not null)
            {
                await output.WriteLineAsync("error: " + job.Error);
            }

            foreach (var line in details.LogTail)
            {
                await output.WriteLineAsync("| " + line);
            }

            return 0;
        });
        return command;
    }

    private static Command CancelCommand()
    {
        var id = new Argument<Guid>("id") { Description = "The job's id." };
        var command = new Command("cancel", "Cancel a queued job (a running job is cancelled from the Jobs page or POST /api/jobs/{id}/cancel).");
        command.Arguments.Add(id);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var host = BuildHost();
            var store = host.Services.GetRequiredService<JobStore>();
            var jobId = parseResult.GetValue(id);
            var clock = host.Services.GetRequiredService<TimeProvider>();
            if (await store.TryEndAsync(jobId, JobStates.Queued, JobStates.Cancelled, clock.GetUtcNow().UtcDateTime, "Cancelled from the command line before it started.", cancellationToken))
            {
                await parseResult.InvocationConfiguration.Output.WriteLineAsync($"Cancelled job {jobId}.");
                return 0;
            }

            var job = await store.FindAsync(jobId, cancellationToken);
            await parseResult.InvocationConfiguration.Error.WriteLineAsync(job is null
                ? $"No job with id {jobId}."
                : $"Job {jobId} is {job.State}; the command line can cancel only queued jobs. Cancel a running job from the Jobs page or with POST /api/jobs/{jobId}/cancel.");
            return 1;
        });
        return command;
    }
}
