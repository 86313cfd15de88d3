using System.Text.RegularExpressions;
using JiraQuality.Core.Agents.Directory;
using JiraQuality.Core.Identity;
using JiraQuality.Benchmarks.Sample;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Identity;
using JiraQuality.Tests.Infrastructure;

namespace JiraQuality.Tests.Ingestion;

/// <summary>Runs the real executable's <c>reapply-roles</c> verb in a child process against its own SQLite file.</summary>
public sealed partial class ReapplyRolesVerbTests : IDisposable
{
    private readonly CliProcess _cli = new("reapply-cli");

    [Fact]
    public async Task The_verb_replaces_the_directory_applies_it_once_and_refuses_a_bad_file()
    {
        var export = new SampleExportGenerator(new SampleExportSettings { Tickets = 30 }).WriteFile(Path.Combine(_cli.Directory, "export.csv"));
        var import = await _cli.RunAsync("import", export);
        Assert.True(import.ExitCode == 0, import.Output + import.Error);

        var bad = Path.Combine(_cli.Directory, "bad.csv");
        await File.WriteAllTextAsync(bad, "account_id,display_name,tier\n712020:x,Someone,Tier 7\n", TestContext.Current.CancellationToken);
        var refused = await _cli.RunAsync("reapply-roles", "--directory", bad);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("bad.csv: line 2, tier: 'Tier 7' is not Tier 1, Tier 2 or Non agent", refused.Error);

        var agents = Path.Combine(_cli.Directory, "agents.csv");
        await using (var writer = new StreamWriter(agents))
        {
            AgentDirectoryService.WriteCsv(writer, SampleExportGenerator.Agents());
        }

        var first = await _cli.RunAsync("reapply-roles", "--directory", agents);
        Assert.True(first.ExitCode == 0, first.Output + first.Error);
        Assert.Contains($"Replaced the agent directory with {SampleExportGenerator.Agents().Count} agents.", first.Output);
        var changed = Changed(first.Output);
        Assert.InRange(changed, 1, 30);
        Assert.Contains("to 30 stored conversations", first.Output);
        Assert.Contains("Run the process verb (or add --process)", first.Output);

        // The replacement is audited as the command line; the refused bad file left no entry.
        var audited = await PersonalDataFixtures.AuditEntriesAsync(new JiraQualityContextFactory(new StorageOptions
        {
            Provider = DatabaseProvider.Sqlite,
            ConnectionString = $"Data Source={Path.Combine(_cli.Directory, "cli.db")};Pooling=False",
        }));
        var settingsChange = Assert.Single(audited, e => e.Action == AuditActions.SettingsChanged);
        Assert.Equal("cli", settingsChange.Actor);
        Assert.Equal("agent-directory", settingsChange.Target);
        Assert.Contains("agents.csv", settingsChange.Detail, StringComparison.Ordinal);

        var second = await _cli.RunAsync("reapply-roles", "--process", "--no-llm");
        Assert.True(second.ExitCode == 0, second.Output + second.Error);
        Assert.Equal(0, Changed(second.Output));
        Assert.Contains("Stored 30 processed conversations (heuristic", second.Output);
    }

    private static int Changed(string output)
    {
        var match = ChangedPattern().Match(output);
        Assert.True(match.Success, output);
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"stored conversations: (\d+) changed \(roles, tiers or agent names\)")]
    private static partial Regex ChangedPattern();

    public void Dispose() => _cli.Dispose();
}
