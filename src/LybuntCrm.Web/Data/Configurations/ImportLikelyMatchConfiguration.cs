using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LybuntCrm.Web.Data.Configurations;

public sealed class ImportLikelyMatchConfiguration : IEntityTypeConfiguration<ImportLikelyMatch>
{
    public void Configure(EntityTypeBuilder<ImportLikelyMatch> b)
    {
        b.HasKey(m => new { m.ImportRunId, m.Row });
        b.Property(m => m.Name).HasMaxLength(200);
        b.HasOne<ImportRun>().WithMany().HasForeignKey(m => m.ImportRunId).OnDelete(DeleteBehavior.Cascade);
    }
}
