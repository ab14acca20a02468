using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LybuntCrm.Web.Data.Configurations;

public sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> b)
    {
        b.Property(e => e.Url).HasMaxLength(WebhookEndpoint.UrlMaxLength).IsRequired();
        b.Property(e => e.Events).HasMaxLength(WebhookEndpoint.EventsMaxLength).IsRequired();
        b.Property(e => e.ProtectedSecret).IsRequired();
        b.Property(e => e.CreatedByUserId).HasMaxLength(450);
        b.Ignore(e => e.EventList);
    }
}
