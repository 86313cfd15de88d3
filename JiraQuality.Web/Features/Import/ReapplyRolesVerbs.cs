using System.CommandLine;
using JiraQuality.Core.Agents.Directory;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Ingestion.Roles;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Storage;
using JiraQuality.Web.Features.Scoring;
using JiraQuality.Web.Hosting;

namespace JiraQuality.Web.Features.Import;

/// <summary>
/// <c>reapply-roles</c>: derives roles and tiers of stored conversations again from the agent directory, the same work
/// as the <c>reapply-roles</c> job; optionally replaces the directory from a CSV first and scores the changed
/// conversations afterwards.
/// </summary>
public static class ReapplyRolesVerbs
{
    public static Command Command()
    {
        var directoryFile = new Option<string?>("--directory")
        {
            Description = "Replace the stored agent directory with this CSV (account_id,display_name,tier) first; a bad file changes nothing.",
        };
        var process = new Option<bool>("--process") { Description = "Then score the conversations waiting for processing (as the job's follow-up does)." };
        var noLlm = new Option<bool>("--no-llm") { Description = "With --process: use the deterministic heuristic scorer." };

        var command = new Command("reapply-roles", "Derive roles and tiers of stored conversations again from the current agent directory, then exit.");
        command.Options.Add(directoryFile);
        command.Options.Add(process);
        command.Options.Add(noLlm);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            IReadOnlyList<AgentDto>? replacement = null;
            if (parseResult.GetValue(directoryFile) is { } file)
            {
                try
                {
                    await using var stream = File.OpenRead(file);
                    replacement = AgentDirectoryService.ReadCsvForReplace(stream, Path.GetFileName(file));
                }
                catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
                {
                    await error.WriteLineAsync(ex is InvalidDataException ? ex.Message : $"{file}: the file could not be read ({ex.Message}). Nothing was changed.");
                    return 2;
                }

                if (replacement.Count == 0)
                {
                    await error.WriteLineAsync($"{Path.GetFileName(file)}: the file has no agents. Nothing was changed.");
                    return 2;
                }
            }

            using var host = CommandLineApp.BuildHost(services =>
                services.AddLogging(logging => logging
                    .AddFilter(typeof(RoleReapplyService).FullName, LogLevel.Warning)
                    .AddFilter(typeof(ProcessingService).FullName, LogLevel.Warning)));
            await host.Services.GetRequiredService<JiraQualityContextFactory>().MigrateAsync(cancellationToken);
            if (replacement is not null)
            {
                await host.Services.GetRequiredService<AgentDirectoryService>().SaveAsync(new SaveAgentsCommand(replacement), cancellationToken);
                await host.Services.GetRequiredService<AuditLog>().RecordAsync(
                    Features.Identity.UsersVerbs.CliActor, AuditActions.SettingsChanged, Features.Settings.SettingsAudit.AgentDirectory, $"Replaced the agent directory with {replacement.Count} agents from {Path.GetFileName(parseResult.GetValue(directoryFile))}.", cancellationToken: cancellationToken);
                await output.WriteLineAsync($"Replaced the agent directory with {replacement.Count} agents.");
            }

            var progress = new ProcessVerbs.ConsoleProgress(output);
            var result = await host.Services.GetRequiredService<RoleReapplyService>().ReapplyAsync(progress, cancellationToken);
            if (!parseResult.GetValue(process))
            {
                if (result.Changed > 0)
                {
                    await output.WriteLineAsync("Run the process verb (or add --process) to score them again.");
                }

                return 0;
            }

            var processing = await host.Services.GetRequiredService<ProcessingService>().RunAsync(
                new ProcessingRequest { Scorer = new ScorerSelection { NoLlm = parseResult.GetValue(noLlm) } },
                progress,
                cancellationToken);
            return processing.StopReason is not null && processing.Failures.Count >= ProcessingService.ConsecutiveFailureLimit ? 1 : 0;
        });
        return command;
    }
}
