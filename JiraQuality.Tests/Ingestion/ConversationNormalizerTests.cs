using JiraQuality.Core.Domain;
using JiraQuality.Core.Ingestion;

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
}
