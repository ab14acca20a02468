using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LybuntCrm.Web.Data.Configurations;

public sealed class DuplicatePairConfiguration : IEntityTypeConfiguration<DuplicatePair>
{
    public void Configure(EntityTypeBuilder<DuplicatePair> b)
    {
        b.HasKey(p => new { p.ClientAId, p.ClientBId });
        // Flags: one number, not the enum's name as text.
        b.Property(p => p.Reasons).HasConversion<int>();
        b.HasOne<Client>().WithMany().HasForeignKey(p => p.ClientAId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Client>().WithMany().HasForeignKey(p => p.ClientBId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => p.ClientBId);
        b.HasIndex(p => new { p.Score, p.ClientAId, p.ClientBId });
    }
}
