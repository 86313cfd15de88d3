using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JiraQuality.Core.Ingestion.Roles;

/// <summary>Table <c>known_customers</c>.</summary>
internal sealed class KnownCustomerConfiguration : IEntityTypeConfiguration<KnownCustomer>
{
    public void Configure(EntityTypeBuilder<KnownCustomer> e)
    {
        e.ToTable("known_customers");
        e.HasKey(x => x.AccountId);
    }
}
