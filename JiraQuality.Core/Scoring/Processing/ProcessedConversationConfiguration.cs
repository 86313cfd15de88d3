using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JiraQuality.Core.Scoring.Processing;

/// <summary>Table <c>jira_processed_conversations</c>: the indexes follow the dashboard's windows, groupings and filters.</summary>
internal sealed class ProcessedConversationConfiguration : IEntityTypeConfiguration<ProcessedConversation>
{
    public void Configure(EntityTypeBuilder<ProcessedConversation> e)
    {
        e.ToTable("jira_processed_conversations");
        e.HasKey(x => x.IssueKey);
        e.HasIndex(x => x.ConversationEndUtc);
        e.HasIndex(x => x.ConversationStartUtc);
        e.Property(x => x.ReferenceUtc)
            .HasComputedColumnSql("COALESCE(conversation_end_utc, conversation_start_utc)", stored: true);
        e.HasIndex(x => x.ReferenceUtc);
        e.HasIndex(x => new { x.PrimaryAgent, x.ReferenceUtc });
        e.HasIndex(x => new { x.Hub, x.ReferenceUtc });
        e.HasIndex(x => new { x.ContactReason, x.ReferenceUtc });
        e.HasIndex(x => x.ScorerVersion);

        // The abusive-customers panel reads only flagged rows; a partial index keeps it off the rest of the range.
        e.HasIndex(x => x.ReferenceUtc, "ix_jira_processed_conversations_abusive_reference_utc").HasFilter("customer_abuse_detected");
    }
}
