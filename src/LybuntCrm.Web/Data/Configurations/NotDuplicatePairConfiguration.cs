using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LybuntCrm.Web.Data.Configurations;

public sealed class NotDuplicatePairConfiguration : IEntityTypeConfiguration<NotDuplicatePair>
{
    public void Configure(EntityTypeBuilder<NotDuplicatePair> b)
    {
        b.HasKey(p => new { p.ClientAId, p.ClientBId });
        b.Property(p => p.MarkedById).HasMaxLength(450);
        b.HasOne<Client>().WithMany().HasForeignKey(p => p.ClientAId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Client>().WithMany().HasForeignKey(p => p.ClientBId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => p.ClientBId);
    }
}
