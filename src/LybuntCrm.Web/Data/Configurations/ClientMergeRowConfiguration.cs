using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LybuntCrm.Web.Data.Configurations;

public sealed class ClientMergeRowConfiguration : IEntityTypeConfiguration<ClientMergeRow>
{
    public void Configure(EntityTypeBuilder<ClientMergeRow> b)
    {
        b.HasKey(r => new { r.MergeId, r.Change, r.RowId });
        b.Property(r => r.Change).HasMaxLength(40);
        b.Property(r => r.Previous).HasMaxLength(200);
        b.HasOne<ClientMerge>().WithMany().HasForeignKey(r => r.MergeId).OnDelete(DeleteBehavior.Cascade);
    }
}
