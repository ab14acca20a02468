using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LybuntCrm.Web.Data.Configurations;

public sealed class IdempotentRequestConfiguration : IEntityTypeConfiguration<IdempotentRequest>
{
    public void Configure(EntityTypeBuilder<IdempotentRequest> b)
    {
        b.Property(r => r.Key).HasMaxLength(IdempotentRequest.KeyMaxLength).IsRequired();
        b.Property(r => r.RequestHash).HasMaxLength(IdempotentRequest.HashLength).IsRequired();
        b.Property(r => r.Location).HasMaxLength(300);
        b.HasOne<ApiToken>().WithMany().HasForeignKey(r => r.ApiTokenId).OnDelete(DeleteBehavior.Cascade);
        // One answer per key and token: a second request with the key waits on this index instead of creating twice.
        b.HasIndex(r => new { r.ApiTokenId, r.Key }).IsUnique();
        b.HasIndex(r => r.CreatedAtUtc);
    }
}
