using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LybuntCrm.Web.Data.Configurations;

public sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> b)
    {
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).HasMaxLength(UserSession.IdLength);
        b.Property(s => s.UserId).HasMaxLength(450).IsRequired();
        b.Property(s => s.IpAddress).HasMaxLength(UserSession.IpAddressMaxLength);
        b.Property(s => s.UserAgent).HasMaxLength(UserSession.UserAgentMaxLength);
        b.HasOne<AppUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        // A person's open sessions (the list, "sign out everywhere"), and the clean-up of old rows by last use.
        b.HasIndex(s => new { s.UserId, s.EndedAtUtc });
        b.HasIndex(s => s.LastSeenAtUtc);
    }
}
