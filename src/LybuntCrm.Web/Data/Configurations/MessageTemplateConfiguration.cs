using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LybuntCrm.Web.Data.Configurations;

public sealed class MessageTemplateConfiguration : IEntityTypeConfiguration<MessageTemplate>
{
    public void Configure(EntityTypeBuilder<MessageTemplate> b)
    {
        b.Property(t => t.Language).HasMaxLength(8).IsRequired();
        b.Property(t => t.Subject).HasMaxLength(MessageTemplate.SubjectMaxLength).IsRequired();
        b.Property(t => t.Body).HasMaxLength(MessageTemplate.BodyMaxLength).IsRequired();
        b.Property(t => t.UpdatedById).HasMaxLength(450);
        // One wording per purpose and language.
        b.HasIndex(t => new { t.Kind, t.Language }).IsUnique();
    }
}
