using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JiraQuality.Core.Identity;

/// <summary>Table <c>api_tokens</c>: only a token's hash is stored; a user's tokens go with the user.</summary>
internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> e)
    {
        e.ToTable("api_tokens");
        e.HasKey(x => x.Id);
        e.Property(x => x.Hash).HasMaxLength(64);
        e.HasIndex(x => x.Hash).IsUnique();
        e.HasIndex(x => x.UserId);
        e.Property(x => x.Name).HasMaxLength(200);
        e.HasOne<ApplicationUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
