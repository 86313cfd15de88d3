using System.Text.Json;
using JiraQuality.Core.Agents.Directory;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion;
using JiraQuality.Core.Ingestion.Normalising;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Ingestion.Redaction;
using JiraQuality.Core.Ingestion.Roles;
using static JiraQuality.Tests.Ingestion.AnyJiraFixtures;

namespace JiraQuality.Tests.Ingestion;

/// <summary>Credentials typed into tickets and Server usernames never leave the system in redacted text.</summary>
public sealed class CredentialAndUsernameRedactionTests
{
    [Theory]
    [InlineData("Tried password: Winter2026! did not help.", "Tried password: [secret] did not help.")]
    [InlineData("pwd=hunter2 is not needed", "pwd=[secret] is not needed")]
    [InlineData("Mein Passwort: Sommer2026", "Mein Passwort: [secret]")]
    [InlineData("La contraseña: Gato.123 no funciona", "La contraseña: [secret] no funciona")]
    [InlineData("PASSWORD = abc@example.org", "PASSWORD = [secret]")]
    [InlineData("I need a password reset", "I need a password reset")]
    [InlineData("Forgot my password? Please help", "Forgot my password? Please help")]
    [InlineData("Password is required for login", "Password is required for login")]
    public void Credentials_become_secret_placeholders_in_redacted_text(string text, string expected)
    {
        Assert.Equal(expected, PiiRedactor.Redact(text));
    }

    [Fact]
    public void Server_usernames_get_a_stable_pseudonym_and_cloud_ids_stay()
    {
        Assert.Equal(UsernamePseudonyms.Of("jsmith"), UsernamePseudonyms.Of("JSmith"));
        Assert.NotEqual(UsernamePseudonyms.Of("jsmith"), UsernamePseudonyms.Of("lkelly"));
        Assert.Matches("^user-[0-9a-f]{8}$", UsernamePseudonyms.Of("jsmith"));
        Assert.Equal(UsernamePseudonyms.Of("laura.kelly"), UsernamePseudonyms.Redact("laura.kelly"));
        Assert.Equal(Ana, UsernamePseudonyms.Redact(Ana));
        Assert.Equal(Ben, UsernamePseudonyms.Redact(Ben));
        Assert.Equal(Zoe, UsernamePseudonyms.Redact(Zoe));
    }

    [Fact]
    public async Task Redacted_output_of_a_server_export_shows_pseudonyms_and_no_secrets()
    {
        var normalizer = new ConversationNormalizer(new RoleResolver(new IngestionOptions(), AgentDirectorySnapshot.Empty), new ConversationTrimmer(12_000));
        var server = Read(Server).Select(normalizer.Normalize).ToList();
        var cloud = Read(Cloud).Select(normalizer.Normalize).ToList();
        var mentions = normalizer.Normalize(new JiraTicket
        {
            IssueKey = "SD-9",
            Reporter = "mmorgan",
            Comments =
            [
                new RawComment { AuthorId = "lkelly", Body = "Asked jsmith to check; lkelly.backup is another account", SourceOrder = 0 },
                new RawComment { AuthorId = "jsmith", Body = "Done", SourceOrder = 1 },
            ],
        });

        var sd1 = server.Single(c => c.IssueKey == "SD-1");
        Assert.Contains("pwd=[secret]", sd1.Messages[1].RedactedText);
        Assert.Contains("pwd=hunter2", sd1.Messages[1].Text);
        var sd4 = server.Single(c => c.IssueKey == "SD-4");
        Assert.Equal("Locked out. Passwort: [secret]", sd4.Messages[0].RedactedText);
        Assert.Equal($"Asked {UsernamePseudonyms.Of("jsmith")} to check; lkelly.backup is another account", mentions.Messages[0].RedactedText);
        Assert.Equal("Asked jsmith to check; lkelly.backup is another account", mentions.Messages[0].Text);

        using var redacted = new StringWriter();
        await ConversationJsonlWriter.WriteAsync([.. server, .. cloud], redacted, redacted: true, TestContext.Current.CancellationToken);
        var text = redacted.ToString();
        var authors = text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(line => JsonDocument.Parse(line).RootElement.GetProperty("comments").EnumerateArray())
            .Select(c => c.GetProperty("author").GetString())
            .Where(a => a is not null)
            .ToHashSet();
        Assert.Contains(UsernamePseudonyms.Of("lkelly"), authors);
        Assert.Contains(Ana, authors);
        Assert.DoesNotContain("lkelly", authors);
        Assert.DoesNotContain("hunter2", text);
        Assert.DoesNotContain("Winter2026", text);
        Assert.DoesNotContain("Sommer2026", text);
    }
}
