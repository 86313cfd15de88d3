using JiraQuality.Core.Agents.Directory;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion;
using JiraQuality.Core.Ingestion.Normalising;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Ingestion.Roles;

namespace JiraQuality.Tests.Ingestion;

public sealed class ConversationNormalizerTests
{
    private static readonly DateTime At = new(2025, 11, 3, 9, 0, 0, DateTimeKind.Utc);

    private static ConversationNormalizer Normalizer(int budget = 12_000) =>
        new(new RoleResolver(new IngestionOptions(), AgentDirectorySnapshot.Empty), new ConversationTrimmer(budget));

    [Fact]
    public void Same_minute_comments_keep_export_order_never_role_order()
    {
        // CC-39389: exported C, A, C, A, A in one minute, then C; the customer spoke first.
        var ticket = ConversationBuilder.Ticket("CC-39389", At.AddHours(1),
            (CsvText.Customer, At, "c1"),
            (CsvText.Agent, At, "a1"),
            (CsvText.Customer, At, "c2"),
            (CsvText.Agent, At, "a2"),
            (CsvText.Agent, At, "a3"),
            (CsvText.Customer, At.AddMinutes(2), "c3"));

        var conversation = Normalizer().Normalize(ticket);

        Assert.Equal(["c1", "a1", "c2", "a2", "a3", "c3"], conversation.Messages.Select(m => m.Text));
        Assert.Equal([1, 2, 3, 4, 5, 6], conversation.Messages.Select(m => m.Index));
        Assert.Equal(MessageRole.Customer, conversation.Messages[0].Role);
    }

    [Fact]
    public void Comments_are_ordered_by_timestamp_and_one_without_a_timestamp_stays_after_its_predecessor()
    {
        var ticket = ConversationBuilder.Ticket("CC-2", At.AddHours(1),
            (CsvText.Agent, At.AddMinutes(10), "second"),
            (CsvText.Agent, null, "no date"),
            (CsvText.Customer, At, "first"));

        var conversation = Normalizer().Normalize(ticket);

        Assert.Equal(["first", "second", "no date"], conversation.Messages.Select(m => m.Text));
        Assert.Null(conversation.Messages[2].TimestampUtc);
    }

    [Fact]
    public void Internal_notes_are_flagged_and_kept_and_an_explicit_flag_from_jira_wins()
    {
        var ticket = ConversationBuilder.Ticket("CC-3", At, (CsvText.Agent, At, "----\n*Note:* checking logs")) with
        {
            Comments =
            [
                new RawComment { AuthorId = CsvText.Agent, TimestampUtc = At, Body = "----\n*Note:* checking logs", SourceOrder = 0 },
                new RawComment { AuthorId = CsvText.Agent, TimestampUtc = At, Body = "plain words", IsPublic = false, SourceOrder = 1 },
                new RawComment { AuthorId = CsvText.Agent, TimestampUtc = At, Body = "----\n*Note:* public after all", IsPublic = true, SourceOrder = 2 },
            ],
        };

        var conversation = Normalizer().Normalize(ticket);

        Assert.Equal([true, true, false], conversation.Messages.Select(m => m.IsInternal));
    }

    [Fact]
    public void Text_is_cleaned_and_redacted_text_has_placeholders_while_the_original_stays()
    {
        var ticket = ConversationBuilder.Ticket("CC-4", At,
            (CsvText.Customer, At, "Hey! Mail me at rider@example.org, see !shot.png|thumbnail!"));

        var message = Assert.Single(Normalizer().Normalize(ticket).Messages);

        Assert.Equal("Hey! Mail me at rider@example.org, see [image file]", message.Text);
        Assert.Equal("Hey! Mail me at [email], see [image file]", message.RedactedText);
    }

    [Fact]
    public void Token_count_uses_the_o200k_tokenizer()
    {
        var ticket = ConversationBuilder.Ticket("CC-5", At, (CsvText.Customer, At, "Hello world"));
        var conversation = Normalizer().Normalize(ticket);

        var expected = Microsoft.ML.Tokenizers.TiktokenTokenizer.CreateForEncoding("o200k_base").CountTokens("Hello world") + ConversationTrimmer.MessageOverheadTokens;
        Assert.Equal(expected, conversation.TokenCount);
        Assert.Null(conversation.Trim);
    }

    [Fact]
    public void Over_budget_conversation_is_trimmed_in_the_middle_with_a_marker_and_nothing_is_dropped()
    {
        var comments = Enumerable.Range(1, 40)
            .Select(i => (i % 2 == 0 ? CsvText.Agent : CsvText.Customer, (DateTime?)At.AddMinutes(i), $"message {i}: " + string.Join(' ', Enumerable.Repeat("lorem ipsum dolor sit amet", 10))))
            .ToArray();
        var ticket = ConversationBuilder.Ticket("CC-6", At.AddHours(2), comments);

        var conversation = Normalizer(budget: 600).Normalize(ticket);

        Assert.Equal(40, conversation.Messages.Count);
        Assert.NotNull(conversation.Trim);
        Assert.True(conversation.TokenCount <= 600, $"kept {conversation.TokenCount} tokens");
        Assert.Equal(conversation.TokenCount, conversation.Trim!.KeptTokens);
        Assert.True(conversation.Trim.OriginalTokens > 600);
        Assert.StartsWith("message 1:", conversation.Messages[0].RedactedText);
        Assert.StartsWith("message 40:", conversation.Messages[^1].RedactedText);
        var marker = conversation.Messages.Single(m => m.RedactedText.Contains("trimmed to fit the token budget"));
        Assert.Contains($"{conversation.Trim.RemovedMessages} message(s)", marker.RedactedText);
        Assert.All(conversation.Messages, m => Assert.StartsWith("message", m.Text));
        Assert.Equal(conversation.Trim.RemovedMessages - 1, conversation.Messages.Count(m => m.RedactedText.Length == 0));
    }

    [Fact]
    public void A_single_huge_first_message_keeps_its_start()
    {
        var huge = "start " + string.Join(' ', Enumerable.Repeat("word", 5000));
        var ticket = ConversationBuilder.Ticket("CC-7", At, (CsvText.Customer, At, huge), (CsvText.Agent, At.AddMinutes(1), "reply"));

        var conversation = Normalizer(budget: 300).Normalize(ticket);

        Assert.NotNull(conversation.Trim);
        Assert.StartsWith("start word", conversation.Messages[0].RedactedText);
        Assert.Contains("trimmed", conversation.Messages[0].RedactedText);
        Assert.True(conversation.TokenCount <= 300, $"kept {conversation.TokenCount}");
    }

    [Fact]
    public async Task Names_of_the_customer_and_agents_become_placeholders_in_prompts_and_redacted_exports_but_stay_in_the_text()
    {
        var directory = new AgentDirectorySnapshot(
        [
            new JiraQuality.Core.Agents.Directory.AgentDirectoryEntry { AccountId = "712020:5f1c0a7d9e2b4c6d8a0f1e2d", DisplayName = "Ana Sousa", Tier = "Tier 1" },
            new JiraQuality.Core.Agents.Directory.AgentDirectoryEntry { AccountId = "712020:0b9e8d7c6a5f4e3d2c1b0a99", DisplayName = "Bruno Reis", Tier = "Tier 2" },
        ]);
        var normalizer = new ConversationNormalizer(new RoleResolver(new IngestionOptions(), directory), new ConversationTrimmer(12_000));
        var ticket = new JiraTicket
        {
            IssueKey = "SD-77",
            Reporter = "Rui Costa",
            ReporterAccountId = "557058:1a2b3c4d-0000-4000-8000-000000000001",
            Comments =
            [
                new RawComment { AuthorId = "557058:1a2b3c4d-0000-4000-8000-000000000001", AuthorName = "Rui Costa", TimestampUtc = At, Body = "Hello, Rui Costa here: my dock will not release.", SourceOrder = 0 },
                new RawComment { AuthorId = "712020:5f1c0a7d9e2b4c6d8a0f1e2d", AuthorName = "Ana Sousa", TimestampUtc = At.AddMinutes(2), Body = "Hi Rui, thanks for reaching out! Bruno will call you. Ana", SourceOrder = 1 },
                new RawComment { AuthorId = "557058:1a2b3c4d-0000-4000-8000-000000000001", AuthorName = "Rui Costa", TimestampUtc = At.AddMinutes(5), Body = "Thanks Ana, and Bruno's e-mail is bruno.reis@example.com?", SourceOrder = 2 },
            ],
        };

        var conversation = normalizer.Normalize(ticket);

        Assert.Equal(
            [
                "Hello, [customer] here: my dock will not release.",
                "Hi [customer], thanks for reaching out! [agent] will call you. [agent]",
                "Thanks [agent], and [agent]'s e-mail is [email]?",
            ],
            conversation.Messages.Select(m => m.RedactedText));
        // The original text keeps the names for people allowed to read it.
        Assert.Equal("Hi Rui, thanks for reaching out! Bruno will call you. Ana", conversation.Messages[1].Text);

        var prompt = JiraQuality.Core.Scoring.Scorers.LlmPrompt.User(
            conversation,
            new JiraQuality.Core.Scoring.Measures.MetricsCalculator(new JiraQuality.Core.Scoring.ScoringOptions()).Compute(conversation),
            JiraQuality.Core.Scoring.Taxonomy.ContactReasonTaxonomy.Parse("""["Hardware fault"]""", "test"),
            2);
        Assert.Contains("Hi [customer], thanks for reaching out!", prompt);
        Assert.DoesNotContain("Rui", prompt);
        Assert.DoesNotContain("Bruno", prompt);

        var redacted = new StringWriter();
        await ConversationJsonlWriter.WriteAsync([conversation], redacted, redacted: true, TestContext.Current.CancellationToken);
        Assert.DoesNotContain("Rui", redacted.ToString());
        Assert.DoesNotContain("Ana", redacted.ToString().Replace("[agent]", "", StringComparison.Ordinal));
        var original = new StringWriter();
        await ConversationJsonlWriter.WriteAsync([conversation], original, redacted: false, TestContext.Current.CancellationToken);
        Assert.Contains("Hi Rui, thanks", original.ToString());
    }
}
