using JiraQuality.Core.Agents.Directory;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion;
using JiraQuality.Core.Ingestion.Roles;

namespace JiraQuality.Tests.Ingestion;

public sealed class RoleResolverTests
{
    private static readonly JiraTicket Ticket = new()
    {
        IssueKey = "CC-1",
        Reporter = "Rider One",
        ReporterAccountId = "5b10ac8d82e05b22cc7d4ef5",
    };

    private static RoleResolver Resolver(IngestionOptions? options = null, params AgentDirectoryEntry[] entries) =>
        new(options ?? new IngestionOptions(), new AgentDirectorySnapshot(entries));

    // A known author who is not a customer of the ticket writes on someone else's request: staff, whatever the id shape.
    [Theory]
    [InlineData("712020:aaaa", null, MessageRole.Agent, AgentTier.Tier1)]
    [InlineData("557058:bbbb", null, MessageRole.Agent, AgentTier.Tier1)]
    [InlineData("61f0a1b2c3d4e5f6a7b8c9d0", null, MessageRole.Agent, AgentTier.Tier1)]
    [InlineData("qm:1111:2222", null, MessageRole.Customer, AgentTier.None)]
    [InlineData("5b10ac8d82e05b22cc7d4ef5", null, MessageRole.Customer, AgentTier.None)]
    [InlineData(null, null, MessageRole.Unknown, AgentTier.None)]
    [InlineData("automation", null, MessageRole.Unknown, AgentTier.None)]
    [InlineData("557058:bot", "app", MessageRole.Unknown, AgentTier.None)]
    [InlineData("557058:x", "customer", MessageRole.Customer, AgentTier.None)]
    [InlineData("557058:y", "atlassian", MessageRole.Agent, AgentTier.Tier1)]
    public void Default_rules_use_account_type_the_reporter_and_who_writes_on_whose_ticket(string? author, string? accountType, MessageRole role, AgentTier tier)
    {
        var resolved = Resolver().Resolve(new RawComment { AuthorId = author, AuthorAccountType = accountType }, Ticket);
        Assert.Equal(role, resolved.Role);
        Assert.Equal(tier, resolved.Tier);
    }

    // A marked customer overrides every inferred rule (Atlassian account, assignee, writing on another's request), not the directory.
    [Fact]
    public void A_marked_customer_is_a_customer_after_the_directory_and_before_every_inferred_rule()
    {
        var evidence = new RoleEvidence(knownAssignees: ["557058:colleague", "lkelly"], knownCustomers: ["557058:colleague", "LKelly", "712020:listed"]);
        var resolver = new RoleResolver(
            new IngestionOptions(),
            new AgentDirectorySnapshot([new AgentDirectoryEntry { AccountId = "712020:listed", DisplayName = "Listed Agent", Tier = "Tier 2" }]),
            evidence);
        var serverTicket = new JiraTicket { IssueKey = "SD-1", Reporter = "jsmith", Assignee = "lkelly" };

        Assert.Equal(MessageRole.Customer, resolver.Resolve(new RawComment { AuthorId = "557058:colleague", AuthorAccountType = "atlassian" }, Ticket).Role);
        Assert.Equal(MessageRole.Customer, resolver.Resolve(new RawComment { AuthorId = "lkelly", AuthorName = "lkelly" }, serverTicket).Role);
        Assert.Equal(MessageRole.Customer, resolver.Resolve(new RawComment { AuthorName = "lkelly" }, serverTicket).Role);
        Assert.Equal((MessageRole.Agent, AgentTier.Tier2), resolver.Resolve(new RawComment { AuthorId = "712020:listed" }, Ticket) is var listed ? (listed.Role, listed.Tier) : default);
        Assert.Equal(MessageRole.Agent, resolver.Resolve(new RawComment { AuthorId = "557058:other" }, Ticket).Role);
        // A name is matched only for a comment without an id, so a display name cannot stand in for someone else's id.
        Assert.Equal(MessageRole.Agent, resolver.Resolve(new RawComment { AuthorId = "557058:other", AuthorName = "lkelly" }, Ticket).Role);
    }

    [Fact]
    public void Agent_directory_wins_and_gives_tier_and_name_including_legacy_ids()
    {
        var resolver = Resolver(null,
            new AgentDirectoryEntry { AccountId = "712020:t2", DisplayName = "Sara Mendes", Tier = "Tier 2" },
            new AgentDirectoryEntry { AccountId = "5d1f0c0e2a0b3c0d4e5f6a7b", DisplayName = "Legacy Agent", Tier = "TIER1" },
            new AgentDirectoryEntry { AccountId = "712020:lead", DisplayName = "Team Lead", Tier = "Non agent" });

        Assert.Equal((MessageRole.Agent, AgentTier.Tier2, "Sara Mendes"), resolver.Resolve(new RawComment { AuthorId = "712020:t2" }, Ticket));
        Assert.Equal((MessageRole.Agent, AgentTier.Tier1, "Legacy Agent"), resolver.Resolve(new RawComment { AuthorId = "5d1f0c0e2a0b3c0d4e5f6a7b" }, Ticket));
        Assert.Equal((MessageRole.Agent, AgentTier.NonAgent, "Team Lead"), resolver.Resolve(new RawComment { AuthorId = "712020:lead" }, Ticket));
    }

    [Fact]
    public void Prefixes_and_unlisted_tier_are_configurable()
    {
        var options = new IngestionOptions { AgentAccountPrefixes = ["staff-"], CustomerAccountPrefixes = ["cust-"], UnlistedAgentTier = "Tier 2" };
        var resolver = Resolver(options);

        var noReporter = new JiraTicket { IssueKey = "CC-9" };
        Assert.Equal(MessageRole.Unknown, resolver.Resolve(new RawComment { AuthorId = "712020:x" }, noReporter).Role);
        Assert.Equal((MessageRole.Agent, AgentTier.Tier2), Pick(resolver.Resolve(new RawComment { AuthorId = "staff-7" }, noReporter)));
        Assert.Equal(MessageRole.Customer, resolver.Resolve(new RawComment { AuthorId = "cust-9" }, Ticket).Role);

        static (MessageRole, AgentTier) Pick((MessageRole Role, AgentTier Tier, string? Name) r) => (r.Role, r.Tier);
    }

    [Fact]
    public void Reporter_is_matched_by_display_name_when_the_export_has_no_reporter_id()
    {
        var ticket = new JiraTicket { IssueKey = "CC-2", Reporter = "Rider One" };
        Assert.Equal(MessageRole.Customer, Resolver().Resolve(new RawComment { AuthorId = "legacy-id", AuthorName = "rider one" }, ticket).Role);
    }

    [Theory]
    [InlineData("Tier 1", AgentTier.Tier1)]
    [InlineData("TIER1", AgentTier.Tier1)]
    [InlineData("t2", AgentTier.Tier2)]
    [InlineData("Non agent", AgentTier.NonAgent)]
    [InlineData("NON_AGENT", AgentTier.NonAgent)]
    [InlineData("boss", AgentTier.None)]
    public void Tier_names_are_read_leniently(string text, AgentTier tier)
    {
        Assert.Equal(tier, AgentDirectoryService.ParseTier(text));
    }
}
