using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LybuntCrm.Web.Data.Configurations;

public sealed class MailboxFolderConfiguration : IEntityTypeConfiguration<MailboxFolder>
{
    public void Configure(EntityTypeBuilder<MailboxFolder> b)
    {
        b.Property(f => f.Name).HasMaxLength(500).IsRequired();
        b.HasIndex(f => new { f.MailboxId, f.Name }).IsUnique();
    }
}
