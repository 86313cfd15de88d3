using JiraQuality.Core.Conversations;
using JiraQuality.Core.Scoring;
using JiraQuality.Core.Scoring.Measures;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Scoring.Taxonomy;

namespace JiraQuality.Tests.Scoring;

public sealed class LlmPromptTests
{
    private static readonly ContactReasonTaxonomy Taxonomy = ContactReasonTaxonomy.Parse(
        """{"reasons":[{"label":"VPN","hints":["vpn down","tunnel","vpn down","remote access"]}]}""");

    [Fact]
    public void Prompt_marks_internal_notes_and_trims_keeps_hints_apart_and_lists_every_schema_field()
    {
        var conversation = new ConversationBuilder()
            .Field(CustomFieldKeys.ContactReason, "Network")
            .Customer(0, "raw", "qm:secret-customer")
            .Internal(1, "raw note")
            .Agent(null, "raw reply")
            .Build();
        conversation = conversation with
        {
            Messages = [.. conversation.Messages.Select(m => m with { RedactedText = $"redacted {m.Index}\nsecond line" })],
            Trim = new TrimRecord(9000, 4000, 12),
        };

        var prompt = LlmPrompt.User(conversation, new MetricsCalculator(new ScoringOptions()).Compute(conversation), Taxonomy, 2);

        Assert.Contains("01. C: [2025-11-03T09:00:00Z] redacted 1 second line\n", prompt);
        Assert.Contains("02. N: [2025-11-03T09:01:00Z] redacted 2 second line\n", prompt);
        Assert.Contains("03. A: [unknown] redacted 3 second line\n", prompt);
        Assert.Contains("(12 messages from the middle were left out", prompt);
        Assert.Contains("Agent's contact reason: Network", prompt);
        Assert.Contains("- VPN\n- Other\n", prompt);
        Assert.Contains("- VPN <- vpn down, tunnel\n", prompt);
        Assert.DoesNotContain("raw", prompt);
        Assert.DoesNotContain("secret-customer", prompt);
        foreach (var (name, _, _) in LlmAnswerSchema.Fields(Taxonomy))
        {
            Assert.Contains($"- {name}: ", prompt);
        }
    }
}
