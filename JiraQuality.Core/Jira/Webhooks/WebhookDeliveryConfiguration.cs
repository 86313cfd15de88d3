using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JiraQuality.Core.Jira.Webhooks;

/// <summary>Table <c>webhook_deliveries</c>: the queue of received webhooks; a body is stored once.</summary>
internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> e)
    {
        e.ToTable("webhook_deliveries");
        e.HasKey(x => x.Identifier);
        e.HasIndex(x => new { x.State, x.NextAttemptAtUtc });
        e.HasIndex(x => new { x.IssueKey, x.State });
        e.HasIndex(x => x.ReceivedAtUtc);
        e.HasIndex(x => x.BodyIdentity).IsUnique();
    }
}
