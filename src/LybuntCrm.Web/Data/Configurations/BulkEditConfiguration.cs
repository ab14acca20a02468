using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LybuntCrm.Web.Data.Configurations;

public sealed class BulkEditConfiguration : IEntityTypeConfiguration<BulkEdit>
{
    public void Configure(EntityTypeBuilder<BulkEdit> b)
    {
        b.Property(e => e.Token).HasMaxLength(32).IsRequired();
        b.HasIndex(e => e.Token).IsUnique();
        b.Property(e => e.UserId).HasMaxLength(450).IsRequired();
        b.Property(e => e.Value).HasMaxLength(500);
    }
}
