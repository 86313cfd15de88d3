using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;

namespace JiraQuality.Tests.Identity;

/// <summary>The <c>users</c> verbs run as the real executable, the way an operator runs them on the server, on both providers.</summary>
public sealed class UsersVerbsTests
{
    /// <summary>A CLI on a fresh database of <paramref name="provider"/> (an unmigrated file or an empty PostgreSQL database).</summary>
    internal static async Task<CliProcess> CliAsync(DatabaseProvider provider, string name)
    {
        var cli = new CliProcess(name);
        if (provider == DatabaseProvider.Postgres)
        {
            var (server, reason) = await PostgresServer.GetAsync();
            TestEnvironment.RequireOrSkip(server is not null, $"PostgreSQL is not available: {reason}");
            cli.Environment["Database__Provider"] = "Postgres";
            cli.Environment["ConnectionStrings__JiraQuality"] = await server!.CreateDatabaseAsync();
        }

        return cli;
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Users_are_added_listed_re_roled_and_disabled_from_the_command_line(DatabaseProvider provider)
    {
        using var cli = await CliAsync(provider, "users");

        var empty = await cli.RunAsync("users", "list");
        Assert.True(empty.ExitCode == 0, empty.Output + empty.Error);
        Assert.Contains("No users.", empty.Output);

        var generated = await cli.RunAsync("users", "add", "admin@support.example", "--role", "admin");
        Assert.True(generated.ExitCode == 0, generated.Output + generated.Error);
        Assert.Contains("Added admin@support.example (admin).", generated.Output);
        var password = generated.Output.TrimEnd().Split('\n')[^1].Trim();
        Assert.True(password.Length >= 20, generated.Output);

        cli.StandardInput = "correct horse battery\n";
        var piped = await cli.RunAsync("users", "add", "ana@support.example", "--role", "viewer", "--password-stdin");
        Assert.True(piped.ExitCode == 0, piped.Output + piped.Error);
        Assert.DoesNotContain("correct horse battery", piped.Output + piped.Error);
        Assert.DoesNotContain("Generated password", piped.Output);
        cli.StandardInput = null;

        var promoted = await cli.RunAsync("users", "set-role", "ana@support.example", "analyst");
        Assert.True(promoted.ExitCode == 0, promoted.Output + promoted.Error);
        var disabled = await cli.RunAsync("users", "disable", "ana@support.example");
        Assert.True(disabled.ExitCode == 0, disabled.Output + disabled.Error);

        var listed = await cli.RunAsync("users", "list");
        Assert.True(listed.ExitCode == 0, listed.Output + listed.Error);
        var lines = listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("email", lines[0]);
        Assert.Matches(@"^admin@support\.example\s+admin\s+no\s+no\s+local\s+all$", lines[1]);
        Assert.Matches(@"^ana@support\.example\s+analyst\s+yes\s+no\s+local\s+all$", lines[2]);
        Assert.DoesNotContain(password, listed.Output);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Failures_name_the_field_and_exit_1_bad_usage_exits_2(DatabaseProvider provider)
    {
        using var cli = await CliAsync(provider, "users-bad");

        cli.StandardInput = "short\n";
        var weak = await cli.RunAsync("users", "add", "ana@support.example", "--role", "viewer", "--password-stdin");
        Assert.True(weak.ExitCode == 1, weak.Output + weak.Error);
        Assert.Contains("password: Passwords must be at least 12 characters.", weak.Error);

        cli.StandardInput = "";
        var noPassword = await cli.RunAsync("users", "add", "ana@support.example", "--role", "viewer", "--password-stdin");
        Assert.True(noPassword.ExitCode == 1, noPassword.Output + noPassword.Error);
        Assert.Contains("password:", noPassword.Error);
        cli.StandardInput = null;

        var first = await cli.RunAsync("users", "add", "ana@support.example", "--role", "viewer");
        Assert.True(first.ExitCode == 0, first.Output + first.Error);
        var duplicate = await cli.RunAsync("users", "add", "Ana@Support.example", "--role", "viewer");
        Assert.True(duplicate.ExitCode == 1, duplicate.Output + duplicate.Error);
        Assert.Contains("email: A user with the e-mail 'Ana@Support.example' already exists.", duplicate.Error);

        var unknown = await cli.RunAsync("users", "disable", "nobody@support.example");
        Assert.True(unknown.ExitCode == 1, unknown.Output + unknown.Error);
        Assert.Contains("email: No user with the e-mail 'nobody@support.example'.", unknown.Error);

        var badRole = await cli.RunAsync("users", "set-role", "ana@support.example", "owner");
        Assert.True(badRole.ExitCode == 2, badRole.Output + badRole.Error);
        Assert.Contains("'owner' is not a role; use one of admin, analyst, viewer.", badRole.Error);

        var missingRole = await cli.RunAsync("users", "add", "bob@support.example");
        Assert.True(missingRole.ExitCode == 2, missingRole.Output + missingRole.Error);
        Assert.Contains("--role", missingRole.Error);

        var listed = await cli.RunAsync("users", "list");
        Assert.Contains("ana@support.example", listed.Output);
        Assert.DoesNotContain("bob@", listed.Output);
    }
}
