using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LybuntCrm.Web.Data.Configurations;

public sealed class TagConfiguration : IEntityTypeConfiguration<Tag>
{
    public void Configure(EntityTypeBuilder<Tag> b)
    {
        b.Property(t => t.Name).HasMaxLength(Tag.MaxLength).IsRequired();
        // Folding can lengthen a name a little (ligatures); the column leaves room for it.
        b.Property(t => t.NormalizedName).HasMaxLength(2 * Tag.MaxLength).IsRequired();
        b.HasIndex(t => t.NormalizedName).IsUnique();
    }
}
