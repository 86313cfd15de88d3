using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JiraQuality.Core.Ingestion.Prepared;

/// <summary>Table <c>jira_prepared_conversations</c>: one row per ticket, keyed by issue key.</summary>
internal sealed class PreparedConversationConfiguration : IEntityTypeConfiguration<PreparedConversation>
{
    public void Configure(EntityTypeBuilder<PreparedConversation> e)
    {
        e.ToTable("jira_prepared_conversations");
        e.HasKey(x => x.IssueKey);
        e.Ignore(x => x.SearchText);
        e.HasIndex(x => x.PreparedAtUtc);
        e.HasIndex(x => x.CreatedUtc);
        e.HasIndex(x => x.UpdatedUtc);
    }
}
