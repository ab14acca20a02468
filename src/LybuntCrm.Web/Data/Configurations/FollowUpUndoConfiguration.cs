using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LybuntCrm.Web.Data.Configurations;

public sealed class FollowUpUndoConfiguration : IEntityTypeConfiguration<FollowUpUndo>
{
    public void Configure(EntityTypeBuilder<FollowUpUndo> b)
    {
        b.Property(u => u.Token).HasMaxLength(32).IsRequired();
        b.HasIndex(u => u.Token).IsUnique();
        b.Property(u => u.UserId).HasMaxLength(450).IsRequired();
        // The client's timeline asks for the undoable actions of one client.
        b.HasIndex(u => new { u.ClientId, u.CreatedAtUtc });
        b.HasOne<Client>().WithMany().HasForeignKey(u => u.ClientId).OnDelete(DeleteBehavior.Cascade);
    }
}
