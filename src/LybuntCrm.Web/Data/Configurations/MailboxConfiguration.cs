using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LybuntCrm.Web.Data.Configurations;

public sealed class MailboxConfiguration : IEntityTypeConfiguration<Mailbox>
{
    public void Configure(EntityTypeBuilder<Mailbox> b)
    {
        b.Property(m => m.Host).HasMaxLength(253).IsRequired();
        b.Property(m => m.UserName).HasMaxLength(320).IsRequired();
        b.Property(m => m.ProtectedPassword).HasMaxLength(4000).IsRequired();
        b.Property(m => m.ProblemDetail).HasMaxLength(500);
        b.Property(m => m.SmtpHost).HasMaxLength(253);
        b.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        // One mailbox per manager; the team mailbox is the one without a manager.
        b.HasIndex(m => m.UserId).IsUnique();
        b.HasMany(m => m.Folders).WithOne(f => f.Mailbox).HasForeignKey(f => f.MailboxId).OnDelete(DeleteBehavior.Cascade);
    }
}
