using LybuntCrm.Web.Domain;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Data;

/// <summary>The database. Each provider has a subclass so that each keeps its own migrations.</summary>
public abstract class CrmDbContext(DbContextOptions options)
    : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<Client> Clients => Set<Client>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<Purchase> Purchases => Set<Purchase>();
    public DbSet<Touchpoint> Touchpoints => Set<Touchpoint>();
    public DbSet<KeyDate> KeyDates => Set<KeyDate>();
    public DbSet<FollowUp> FollowUps => Set<FollowUp>();
    public DbSet<ProspectReview> ProspectReviews => Set<ProspectReview>();
    public DbSet<Handoff> Handoffs => Set<Handoff>();
    public DbSet<StageChange> StageChanges => Set<StageChange>();
    public DbSet<OutboundEmail> OutboundEmails => Set<OutboundEmail>();
    public DbSet<ImportRun> ImportRuns => Set<ImportRun>();
    public DbSet<ImportLikelyMatch> ImportLikelyMatches => Set<ImportLikelyMatch>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<AppSetting> Settings => Set<AppSetting>();
    public DbSet<Mailbox> Mailboxes => Set<Mailbox>();
    public DbSet<MailboxFolder> MailboxFolders => Set<MailboxFolder>();
    public DbSet<RemovedSyncedMessage> RemovedSyncedMessages => Set<RemovedSyncedMessage>();
    public DbSet<MessageTemplate> MessageTemplates => Set<MessageTemplate>();
    public DbSet<ActionLinkUse> ActionLinkUses => Set<ActionLinkUse>();
    public DbSet<ServiceLease> ServiceLeases => Set<ServiceLease>();
    public DbSet<FollowUpUndo> FollowUpUndos => Set<FollowUpUndo>();
    public DbSet<BulkEdit> BulkEdits => Set<BulkEdit>();
    public DbSet<DuplicatePair> DuplicatePairs => Set<DuplicatePair>();
    public DbSet<NotDuplicatePair> NotDuplicatePairs => Set<NotDuplicatePair>();
    public DbSet<ClientMerge> ClientMerges => Set<ClientMerge>();
    public DbSet<ClientMergeRow> ClientMergeRows => Set<ClientMergeRow>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<ClientTag> ClientTags => Set<ClientTag>();
    public DbSet<SavedView> SavedViews => Set<SavedView>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<IdempotentRequest> IdempotentRequests => Set<IdempotentRequest>();
    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>The provider's SQL and operations; features ask it rather than which provider is in use.</summary>
    public abstract SqlDialect Dialect { get; }

    public bool IsPostgres => Dialect is PostgresDialect;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(CrmDbContext).Assembly);
    }

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        // Without the app's services Identity would build its oldest schema (no passkeys table); see IdentitySchema.
        if (optionsBuilder.Options.FindExtension<Microsoft.EntityFrameworkCore.Infrastructure.CoreOptionsExtension>()?.ApplicationServiceProvider is null)
            optionsBuilder.UseApplicationServiceProvider(IdentitySchema.Services);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        builder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
        // Every stored time is UTC; say so on the way in and out, whatever Kind the caller used.
        builder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        builder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        Dialect.ConfigureConventions(builder);
    }
}

public sealed class SqliteCrmDbContext(DbContextOptions<SqliteCrmDbContext> options) : CrmDbContext(options)
{
    public override SqlDialect Dialect => SqliteDialect.Instance;
}

public sealed class PostgresCrmDbContext(DbContextOptions<PostgresCrmDbContext> options) : CrmDbContext(options)
{
    public override SqlDialect Dialect => PostgresDialect.Instance;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Sort keys compare code point by code point, as SQLite compares text, not by the server's language rules
        // (which would differ from server to server and ignore the spaces the keys rely on).
        builder.Entity<Domain.Client>().Property(c => c.SortKey).UseCollation("C");
    }
}

public sealed class UtcDateTimeConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v, DateTimeKind.Utc),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
