using System.CommandLine;
using System.Globalization;
using JiraQuality.Core.Identity;

namespace JiraQuality.Web.Features.Identity;

/// <summary>
/// <c>tokens create|revoke|list</c>: personal API tokens for <c>Authorization: Bearer</c>. A new token is printed once,
/// as the last line of the output, so a script can take it with <c>tail -n 1</c>.
/// </summary>
public static class TokensVerbs
{
    public static Command Command()
    {
        var command = new Command("tokens", "Create, revoke or list personal API tokens (Authorization: Bearer <token> on /api and the hub).");
        command.Subcommands.Add(CreateCommand());
        command.Subcommands.Add(RevokeCommand());
        command.Subcommands.Add(ListCommand());
        return command;
    }

    private static Command CreateCommand()
    {
        var email = new Argument<string>("EMAIL") { Description = "The user the token acts as (with that user's role)." };
        var name = new Option<string?>("--name") { Description = $"What the token is for, e.g. ci-export (default: {ApiTokenService.DefaultName})." };
        var expiresDays = new Option<int?>("--expires-days") { Description = $"Days until the token stops working (1-{ApiTokenService.MaxExpiresDays}; default: never)." };
        var command = new Command("create", "Create a personal API token for a user; the token is the last line of the output and is shown only once.");
        command.Arguments.Add(email);
        command.Options.Add(name);
        command.Options.Add(expiresDays);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            if (parseResult.GetValue(expiresDays) is < 1 or > ApiTokenService.MaxExpiresDays)
            {
                await error.WriteLineAsync($"--expires-days: give a whole number of days from 1 to {ApiTokenService.MaxExpiresDays}, or leave it out for a token that does not expire.");
                return 2;
            }

            var result = await UsersVerbs.WithServiceAsync<ApiTokenService, ApiTokenResult<CreatedApiToken>>(tokens => tokens.CreateAsync(
                parseResult.GetValue(email)!, parseResult.GetValue(name), parseResult.GetValue(expiresDays), UsersVerbs.CliActor, cancellationToken));
            if (result.Value is not { } created)
            {
                await error.WriteLineAsync($"No token was created. {result.Error}");
                return 1;
            }

            var expiry = created.ExpiresAtUtc is { } expires
                ? string.Create(CultureInfo.InvariantCulture, $"expires {expires:yyyy-MM-dd HH:mm}Z")
                : "does not expire";
            await output.WriteLineAsync($"Created API token {created.Id} '{created.Name}' for {created.UserEmail} ({expiry}).");
            await output.WriteLineAsync("Store it now: it is shown only once. Revoke it with: tokens revoke " + created.Id.ToString(CultureInfo.InvariantCulture));
            await output.WriteLineAsync(created.Token);
            return 0;
        });
        return command;
    }

    private static Command RevokeCommand()
    {
        var id = new Argument<long>("ID") { Description = "The token's id (from tokens list or tokens create)." };
        var command = new Command("revoke", "Revoke an API token: it stops working at once.");
        command.Arguments.Add(id);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var result = await UsersVerbs.WithServiceAsync<ApiTokenService, ApiTokenResult<ApiTokenSummary>>(
                tokens => tokens.RevokeAsync(parseResult.GetValue(id), UsersVerbs.CliActor, cancellationToken));
            if (result.Value is not { } revoked)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync(result.Error!.ToString());
                return 1;
            }

            await parseResult.InvocationConfiguration.Output.WriteLineAsync($"Revoked API token {revoked.Id} '{revoked.Name}' of {revoked.UserEmail}.");
            return 0;
        });
        return command;
    }

    private static Command ListCommand()
    {
        var email = new Argument<string?>("EMAIL") { Description = "Only this user's tokens.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("list", "List API tokens (never the tokens themselves): id, user, name, state, created, expires, last used.");
        command.Arguments.Add(email);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var address = parseResult.GetValue(email);
            var tokens = await UsersVerbs.WithServiceAsync<ApiTokenService, IReadOnlyList<ApiTokenSummary>?>(service => service.ListAsync(address, cancellationToken));
            if (tokens is null)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"email: No user with the e-mail '{address!.Trim()}'.");
                return 1;
            }

            if (tokens.Count == 0)
            {
                await output.WriteLineAsync(address is null ? "No API tokens." : $"No API tokens for {address.Trim()}.");
                return 0;
            }

            var emailWidth = Math.Max("user".Length, tokens.Max(t => t.UserEmail.Length));
            var nameWidth = Math.Max("name".Length, tokens.Max(t => t.Name.Length));
            await output.WriteLineAsync($"{"id",6}  {"user".PadRight(emailWidth)}  {"name".PadRight(nameWidth)}  {"state",-7}  {"created (UTC)",-16}  {"expires (UTC)",-16}  last used (UTC)");
            foreach (var token in tokens)
            {
                await output.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{token.Id,6}  {token.UserEmail.PadRight(emailWidth)}  {token.Name.PadRight(nameWidth)}  {token.State,-7}  {token.CreatedAtUtc,-16:yyyy-MM-dd HH:mm}  {Stamp(token.ExpiresAtUtc, "never"),-16}  {Stamp(token.LastUsedAtUtc, "never")}"));
            }

            return 0;
        });
        return command;
    }

    private static string Stamp(DateTime? value, string none) =>
        value is { } at ? at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : none;
}
