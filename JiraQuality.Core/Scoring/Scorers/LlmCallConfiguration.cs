using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JiraQuality.Core.Scoring.Scorers;

/// <summary>Table <c>llm_calls</c>: the ledger of LLM calls and their cost.</summary>
internal sealed class LlmCallConfiguration : IEntityTypeConfiguration<LlmCall>
{
    public void Configure(EntityTypeBuilder<LlmCall> e)
    {
        e.ToTable("llm_calls");
        e.HasKey(x => x.Id);
        e.HasIndex(x => x.AtUtc);
        e.HasIndex(x => x.JobId);
        e.HasIndex(x => x.IssueKey);
    }
}
