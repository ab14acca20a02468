using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LybuntCrm.Web.Data.Configurations;

public sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> b)
    {
        b.Property(d => d.EventType).HasMaxLength(WebhookDelivery.EventTypeMaxLength).IsRequired();
        b.Property(d => d.Payload).IsRequired();
        b.Property(d => d.LastAnswer).HasMaxLength(WebhookDelivery.AnswerMaxLength);
        b.Property(d => d.ClaimedBy).HasMaxLength(120);
        b.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(d => d.EndpointId).OnDelete(DeleteBehavior.Cascade);
        // One event reaches an endpoint once, however often the writer is retried.
        b.HasIndex(d => new { d.EndpointId, d.EventId }).IsUnique();
        // The sender's claim looks for due rows.
        b.HasIndex(d => new { d.Status, d.NextAttemptAtUtc });
    }
}
