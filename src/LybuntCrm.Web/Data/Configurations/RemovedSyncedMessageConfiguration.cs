using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LybuntCrm.Web.Data.Configurations;

public sealed class RemovedSyncedMessageConfiguration : IEntityTypeConfiguration<RemovedSyncedMessage>
{
    public void Configure(EntityTypeBuilder<RemovedSyncedMessage> b)
    {
        b.Property(r => r.MessageKey).HasMaxLength(200).IsRequired();
        b.HasOne<Client>().WithMany().HasForeignKey(r => r.ClientId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(r => new { r.ClientId, r.MessageKey }).IsUnique();
    }
}
