using LybuntCrm.Web.Data;
using LybuntCrm.Web.Features.Webhooks;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Changes;

namespace LybuntCrm.Bench;

/// <summary>The change pipeline as the app builds it, for benches that run without the app's container.</summary>
public static class BenchChanges
{
    public static ClientChanges For(CrmDbContext db, IClock clock) => new(db, clock, Webhooks(db, clock));

    /// <summary>The webhook writer as the app builds it (with no endpoint registered it writes nothing).</summary>
    public static WebhookEvents Webhooks(CrmDbContext db, IClock clock) => new(db, clock, new WebhookSubscriptions(TimeProvider.System));
}
