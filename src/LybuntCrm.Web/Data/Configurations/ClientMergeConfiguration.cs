using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LybuntCrm.Web.Data.Configurations;

public sealed class ClientMergeConfiguration : IEntityTypeConfiguration<ClientMerge>
{
    public void Configure(EntityTypeBuilder<ClientMerge> b)
    {
        b.Property(m => m.MergedById).HasMaxLength(450);
        b.Property(m => m.UndoneById).HasMaxLength(450);
        b.Property(m => m.AbsorbedExternalId).HasMaxLength(100);
        b.Property(m => m.KeptBefore).HasMaxLength(20000);
        b.HasOne<Client>().WithMany().HasForeignKey(m => m.KeptClientId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Client>().WithMany().HasForeignKey(m => m.AbsorbedClientId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(m => m.KeptClientId);
        b.HasIndex(m => m.AbsorbedClientId);
    }
}
