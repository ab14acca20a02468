using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LybuntCrm.Web.Data.Configurations;

public sealed class SavedViewConfiguration : IEntityTypeConfiguration<SavedView>
{
    public void Configure(EntityTypeBuilder<SavedView> b)
    {
        b.Property(v => v.Name).HasMaxLength(SavedView.NameMaxLength).IsRequired();
        b.Property(v => v.OwnerId).HasMaxLength(450).IsRequired();
        b.Property(v => v.Query).HasMaxLength(2000).IsRequired();
        b.HasOne(v => v.Owner).WithMany().HasForeignKey(v => v.OwnerId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(v => new { v.OwnerId, v.Name });
        b.HasIndex(v => v.IsShared);
    }
}
