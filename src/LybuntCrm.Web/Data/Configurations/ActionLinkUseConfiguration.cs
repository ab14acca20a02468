using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LybuntCrm.Web.Data.Configurations;

public sealed class ActionLinkUseConfiguration : IEntityTypeConfiguration<ActionLinkUse>
{
    public void Configure(EntityTypeBuilder<ActionLinkUse> b)
    {
        b.Property(u => u.LinkId).HasMaxLength(64).IsRequired();
        b.Property(u => u.UserId).HasMaxLength(450).IsRequired();
        // The database, not a check before the write, makes a link work once when two taps race.
        b.HasIndex(u => u.LinkId).IsUnique();
    }
}
