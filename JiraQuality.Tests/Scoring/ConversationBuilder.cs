using JiraQuality.Core.Conversations;


namespace JiraQuality.Tests.Scoring;

/// <summary>Builds conversations message by message, numbering them in order.</summary>
internal sealed class ConversationBuilder(string issueKey = "ITSM-1")
{
    public static readonly DateTime Base = new(2025, 11, 3, 9, 0, 0, DateTimeKind.Utc);

    private readonly List<ConversationMessage> _messages = [];
    private readonly Dictionary<string, string> _fields = [];
    private string _resolution = "";

    public ConversationBuilder Customer(double? minute, string text = "hello", string author = "qm:customer-1") =>
        Add(MessageRole.Customer, minute, text, author, AgentTier.None, isInternal: false);

    public ConversationBuilder Agent(double? minute, string text = "on it", string author = "712020:agent-1", AgentTier tier = AgentTier.Tier1) =>
        Add(MessageRole.Agent, minute, text, author, tier, isInternal: false);

    public ConversationBuilder Internal(double? minute, string text = "note", string author = "712020:agent-1") =>
        Add(MessageRole.Agent, minute, text, author, AgentTier.Tier1, isInternal: true);

    public ConversationBuilder Unknown(double? minute, string text = "automation") =>
        Add(MessageRole.Unknown, minute, text, "automation", AgentTier.None, isInternal: false);

    public ConversationBuilder Field(string key, string value)
    {
        _fields[key] = value;
        return this;
    }

    public ConversationBuilder Resolution(string resolution)
    {
        _resolution = resolution;
        return this;
    }

    public Conversation Build() => new()
    {
        IssueKey = issueKey,
        Status = "Done",
        Resolution = _resolution,
        CreatedUtc = Base,
        CustomFields = new Dictionary<string, string>(_fields),
        Messages = [.. _messages],
    };

    private ConversationBuilder Add(MessageRole role, double? minute, string text, string author, AgentTier tier, bool isInternal)
    {
        _messages.Add(new ConversationMessage
        {
            Index = _messages.Count + 1,
            TimestampUtc = minute is { } m ? Base.AddMinutes(m) : null,
            AuthorId = author,
            Role = role,
            Tier = tier,
            IsInternal = isInternal,
            Text = text,
            RedactedText = text,
        });
        return this;
    }

    /// <summary>The predecessor's illustrative record (its §2), the input of the worked example.</summary>
    public static Conversation WorkedExample() => new ConversationBuilder("DEMO-101")
        .Field(CustomFieldKeys.Hub, "Example Hub")
        .Field(CustomFieldKeys.ContactReason, "Rental finish issue")
        .Resolution("Done")
        .Customer(0, "Hi, the dock won't release my bike", "qm:cust")
        .Agent(2, "Thanks for reaching out. Let me check.", "712020:1111")
        .Agent(3, "Could you send the bike ID?", "712020:1111")
        .Customer(10, "ID is 1234", "qm:cust")
        .Customer(11, "any update??", "qm:cust")
        .Agent(20, "I've released the bike remotely, please try again.", "712020:2222")
        .Customer(22, "It worked, thanks", "qm:cust")
        .Unknown(25, "Ticket closed automatically")
        .Build();
}
