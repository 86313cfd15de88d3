using System.CommandLine;
using System.Globalization;
using JiraQuality.Core.Identity;
using JiraQuality.Web.Hosting;

namespace JiraQuality.Web.Features.Identity;

/// <summary>
/// <c>users add|list|set-role|disable</c>: user management on the server, without the web UI. Changes are
/// audit-logged with the actor <c>cli</c>.
/// </summary>
public static class UsersVerbs
{
    /// <summary>The audit actor of every change made on the command line.</summary>
    public const string CliActor = "cli";

    public static Command Command()
    {
        var command = new Command("users", "Add, list, change the role of or disable users (run on the server, no web UI needed).");
        command.Subcommands.Add(AddCommand());
        command.Subcommands.Add(ListCommand());
        command.Subcommands.Add(SetRoleCommand());
        command.Subcommands.Add(DisableCommand());
        return command;
    }

    /// <summary>Runs <paramref name="work"/> with the user administration of a host on the configured database.</summary>
    internal static async Task<T> WithServiceAsync<TService, T>(Func<TService, Task<T>> work)
        where TService : notnull
    {
        using var host = CommandLineApp.BuildHost();
        await using var scope = host.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    internal static async Task<int> ReportAsync(UserAdministrationResult result, TextWriter error)
    {
        foreach (var problem in result.Errors)
        {
            await error.WriteLineAsync(problem.ToString());
        }

        return result.Succeeded ? 0 : 1;
    }

    private static Argument<string> EmailArgument() => new("EMAIL") { Description = "The user's e-mail address (also the sign-in name)." };

    private static Argument<string> RoleArgument() => new("ROLE") { Description = "admin, analyst or viewer." };

    private static Command AddCommand()
    {
        var email = EmailArgument();
        var role = new Option<string>("--role") { Description = "admin, analyst or viewer.", Required = true };
        var passwordStdin = new Option<bool>("--password-stdin")
        {
            Description = "Read the password from standard input (one line). Without it a strong password is generated and printed once.",
        };
        var command = new Command("add", "Add a local user with a role. Prints the generated password once unless --password-stdin.");
        command.Arguments.Add(email);
        command.Options.Add(role);
        command.Options.Add(passwordStdin);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var roleName = Roles.Parse(parseResult.GetValue(role));
            if (roleName is null)
            {
                await error.WriteLineAsync($"--role: '{parseResult.GetValue(role)}' is not a role; use one of {string.Join(", ", Roles.All)}.");
                return 2;
            }

            string? password = null;
            if (parseResult.GetValue(passwordStdin))
            {
                password = (await Console.In.ReadLineAsync(cancellationToken))?.TrimEnd('\r', '\n');
                if (string.IsNullOrEmpty(password))
                {
                    await error.WriteLineAsync("password: --password-stdin was given but standard input held no password. Nothing was changed.");
                    return 1;
                }
            }

            var address = parseResult.GetValue(email)!;
            var result = await WithServiceAsync<UserAdministration, UserAdministrationResult>(
                users => users.AddAsync(address, roleName, password, CliActor, cancellationToken));
            if (!result.Succeeded)
            {
                await error.WriteLineAsync($"The user {address} was not added.");
                return await ReportAsync(result, error);
            }

            await output.WriteLineAsync($"Added {address.Trim()} ({roleName}).");
            if (result.GeneratedPassword is { } generated)
            {
                await output.WriteLineAsync("Generated password (shown once; the user should change it after signing in):");
                await output.WriteLineAsync(generated);
            }

            return 0;
        });
        return command;
    }

    private static Command ListCommand()
    {
        var command = new Command("list", "List users: e-mail, role, disabled, locked out, hubs.");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var people = await WithServiceAsync<UserDirectory, IReadOnlyList<UserSummary>>(users => users.ListAsync(cancellationToken));
            if (people.Count == 0)
            {
                await output.WriteLineAsync("No users. Add the first admin with: users add EMAIL --role admin");
                return 0;
            }

            var width = Math.Max("email".Length, people.Max(p => p.Email.Length));
            await output.WriteLineAsync($"{"email".PadRight(width)}  {"role",-7}  {"disabled",-8}  {"locked out",-27}  {"sign-in",-12}  hubs");
            foreach (var person in people)
            {
                var lockedOut = person.LockoutEndUtc is { } end
                    ? string.Create(CultureInfo.InvariantCulture, $"yes, until {end.UtcDateTime:yyyy-MM-dd HH:mm}Z")
                    : "no";
                var signIn = person.ExternalLogins.Count == 0 ? "local" : "sso";
                await output.WriteLineAsync(
                    $"{person.Email.PadRight(width)}  {person.Role ?? "(none)",-7}  {(person.Disabled ? "yes" : "no"),-8}  {lockedOut,-27}  {signIn,-12}  {person.AllowedHubs ?? "all"}");
            }

            return 0;
        });
        return command;
    }

    private static Command SetRoleCommand()
    {
        var email = EmailArgument();
        var role = RoleArgument();
        var command = new Command("set-role", "Give a user exactly this role; their open sessions re-check their rights.");
        command.Arguments.Add(email);
        command.Arguments.Add(role);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            var roleName = Roles.Parse(parseResult.GetValue(role));
            if (roleName is null)
            {
                await error.WriteLineAsync($"ROLE: '{parseResult.GetValue(role)}' is not a role; use one of {string.Join(", ", Roles.All)}.");
                return 2;
            }

            var address = parseResult.GetValue(email)!;
            var result = await WithServiceAsync<UserAdministration, UserAdministrationResult>(
                users => users.SetRoleAsync(address, roleName, CliActor, cancellationToken));
            if (result.Succeeded)
            {
                await parseResult.InvocationConfiguration.Output.WriteLineAsync($"{address.Trim()} is now {roleName}.");
            }

            return await ReportAsync(result, error);
        });
        return command;
    }

    private static Command DisableCommand()
    {
        var email = EmailArgument();
        var command = new Command("disable", "Disable a user: sign-in is refused, open sessions end and their API tokens stop working.");
        command.Arguments.Add(email);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var address = parseResult.GetValue(email)!;
            var result = await WithServiceAsync<UserAdministration, UserAdministrationResult>(
                users => users.DisableAsync(address, CliActor, cancellationToken));
            if (result.Succeeded)
            {
                await parseResult.InvocationConfiguration.Output.WriteLineAsync($"{address.Trim()} is disabled.");
            }

            return await ReportAsync(result, parseResult.InvocationConfiguration.Error);
        });
        return command;
    }
}
