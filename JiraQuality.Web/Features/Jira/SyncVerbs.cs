using System.CommandLine;
using System.Globalization;
using JiraQuality.Core.Jira.Client;
using JiraQuality.Core.Jira.Sync;
using JiraQuality.Core.Jobs;
using JiraQuality.Web.Hosting;

namespace JiraQuality.Web.Features.Jira;

/// <summary><c>sync</c>: pulls tickets from Jira Cloud into the prepared store, resuming from the checkpoint.</summary>
public static class SyncVerbs
{
    public static Command SyncCommand(Func<IHost>? buildHost = null)
    {
        var project = new Option<string?>("--project") { Description = "Jira project key (default: Jira:Project)." };
        var statusCategory = new Option<string?>("--status-category") { Description = "Status category to select (default: Jira:StatusCategory, Done)." };
        var startDate = new Option<string?>("--start-date") { Description = "Earliest 'updated' date, yyyy-MM-dd, when there is no later checkpoint." };
        var endDate = new Option<string?>("--end-date") { Description = "'updated' before this date, yyyy-MM-dd (exclusive)." };
        var jql = new Option<string?>("--jql") { Description = "Run this JQL instead of the generated query (the checkpoint is neither read nor moved)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Connect and count matching issues; write nothing." };
        var maxIssues = new Option<int?>("--max-issues") { Description = "Fetch at most this many new or changed issues in this run; issues already stored unchanged are passed over and not counted." };
        var forceFullRefresh = new Option<bool>("--force-full-refresh") { Description = "Ignore the checkpoint; unchanged tickets are still recognised by content hash." };

        var command = new Command("sync", "Fetch tickets from Jira Cloud (JIRA_BASE_URL, JIRA_EMAIL, JIRA_API_KEY) and store them.");
        foreach (var option in new Option[] { project, statusCategory, startDate, endDate, jql, dryRun, maxIssues, forceFullRefresh })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            JiraSyncRequest request;
            try
            {
                request = new JiraSyncRequest
                {
                    Project = parseResult.GetValue(project),
                    StatusCategory = parseResult.GetValue(statusCategory),
                    StartDate = ParseDate(parseResult.GetValue(startDate), "--start-date"),
                    EndDate = ParseDate(parseResult.GetValue(endDate), "--end-date"),
                    Jql = parseResult.GetValue(jql),
                    DryRun = parseResult.GetValue(dryRun),
                    MaxIssues = parseResult.GetValue(maxIssues) is { } cap
                        ? cap > 0 ? cap : throw new ArgumentException("--max-issues must be a positive whole number.")
                        : null,
                    ForceFullRefresh = parseResult.GetValue(forceFullRefresh),
                };
            }
            catch (ArgumentException exception)
            {
                await error.WriteLineAsync(exception.Message);
                return 2;
            }

            // The host migrates the schema, so a dry run on a fresh database reads an empty checkpoint instead of failing.
            using var host = (buildHost ?? (() => CommandLineApp.BuildHost()))();

            await using var scope = host.Services.CreateAsyncScope();
            var sync = scope.ServiceProvider.GetRequiredService<JiraSyncService>();
            try
            {
                var result = await sync.SyncAsync(request, new ConsoleProgress(output), cancellationToken);
                await output.WriteLineAsync(result.Summary);
                return result.Failed > 0 ? 1 : 0;
            }
            catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or JiraApiException or HttpRequestException)
            {
                await error.WriteLineAsync("Sync failed: " + exception.Message);
                return 1;
            }
        });
        return command;
    }

    private static DateOnly? ParseDate(string? text, string option) =>
        string.IsNullOrWhiteSpace(text) ? null
        : DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
        : throw new ArgumentException($"{option} must be a date as yyyy-MM-dd, got '{text}'.");

    private sealed class ConsoleProgress(TextWriter output) : IJobProgress
    {
        private readonly Lock _gate = new();

        public void Report(int completed, int total, string? currentItem = null)
        {
        }

        public void Log(string line)
        {
            lock (_gate)
            {
                output.WriteLine(line);
            }
        }
    }
}
