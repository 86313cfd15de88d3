using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JiraQuality.Core.Agents.Directory;

/// <summary>Table <c>agent_directory</c>.</summary>
internal sealed class AgentDirectoryEntryConfiguration : IEntityTypeConfiguration<AgentDirectoryEntry>
{
    public void Configure(EntityTypeBuilder<AgentDirectoryEntry> e)
    {
        e.ToTable("agent_directory");
        e.HasKey(x => x.AccountId);
    }
}
