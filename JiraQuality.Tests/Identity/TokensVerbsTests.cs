using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;

namespace JiraQuality.Tests.Identity;

/// <summary>The <c>tokens</c> verbs run as the real executable on both providers.</summary>
public sealed class TokensVerbsTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Tokens_are_created_listed_and_revoked_from_the_command_line(DatabaseProvider provider)
    {
        using var cli = await UsersVerbsTests.CliAsync(provider, "tokens");

        var none = await cli.RunAsync("tokens", "list");
        Assert.True(none.ExitCode == 0, none.Output + none.Error);
        Assert.Contains("No API tokens.", none.Output);
        var user = await cli.RunAsync("users", "add", "ci@support.example", "--role", "analyst");
        Assert.True(user.ExitCode == 0, user.Output + user.Error);

        var created = await cli.RunAsync("tokens", "create", "ci@support.example", "--name", "nightly export", "--expires-days", "30");
        Assert.True(created.ExitCode == 0, created.Output + created.Error);
        var token = created.Output.TrimEnd().Split('\n')[^1].Trim();
        Assert.Matches("^jq_[A-Za-z0-9_-]{43}$", token);
        Assert.Contains("Created API token 1 'nightly export' for ci@support.example (expires ", created.Output);

        var listed = await cli.RunAsync("tokens", "list", "ci@support.example");
        Assert.True(listed.ExitCode == 0, listed.Output + listed.Error);
        Assert.Matches(@"(?m)^\s+1\s+ci@support\.example\s+nightly export\s+active\s+", listed.Output);
        Assert.DoesNotContain(token, listed.Output);

        var revoked = await cli.RunAsync("tokens", "revoke", "1");
        Assert.True(revoked.ExitCode == 0, revoked.Output + revoked.Error);
        Assert.Contains("Revoked API token 1 'nightly export' of ci@support.example.", revoked.Output);
        var again = await cli.RunAsync("tokens", "revoke", "1");
        Assert.True(again.ExitCode == 1, again.Output + again.Error);
        Assert.Contains("id: The API token 1 was already revoked", again.Error);
        Assert.Matches(@"(?m)^\s+1\s+ci@support\.example\s+nightly export\s+revoked\s+", (await cli.RunAsync("tokens", "list")).Output);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Failures_name_the_field_and_exit_1_bad_usage_exits_2(DatabaseProvider provider)
    {
        using var cli = await UsersVerbsTests.CliAsync(provider, "tokens-bad");

        var unknownUser = await cli.RunAsync("tokens", "create", "nobody@support.example");
        Assert.True(unknownUser.ExitCode == 1, unknownUser.Output + unknownUser.Error);
        Assert.Contains("email: No user with the e-mail 'nobody@support.example'.", unknownUser.Error);
        Assert.DoesNotContain("jq_", unknownUser.Output);

        var unknownToken = await cli.RunAsync("tokens", "revoke", "42");
        Assert.True(unknownToken.ExitCode == 1, unknownToken.Output + unknownToken.Error);
        Assert.Contains("id: No API token with id 42.", unknownToken.Error);

        var listUnknown = await cli.RunAsync("tokens", "list", "nobody@support.example");
        Assert.True(listUnknown.ExitCode == 1, listUnknown.Output + listUnknown.Error);

        var badDays = await cli.RunAsync("tokens", "create", "nobody@support.example", "--expires-days", "0");
        Assert.True(badDays.ExitCode == 2, badDays.Output + badDays.Error);
        Assert.Contains("--expires-days", badDays.Error);

        var notAnId = await cli.RunAsync("tokens", "revoke", "abc");
        Assert.True(notAnId.ExitCode == 2, notAnId.Output + notAnId.Error);
    }
}
