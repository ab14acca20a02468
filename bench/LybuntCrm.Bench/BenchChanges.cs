using LybuntCrm.Web.Data;
using LybuntCrm.Web.Features.Webhooks;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Changes;

namespace LybuntCrm.Bench;

/// <summary>The change pipeline as the app builds it, for benches that run without the app's container.</summary>
public static class BenchChanges
{
    public static ClientChanges For(CrmDbContext db, IClock clock) =>
        new(db, clock, new WebhookEvents(db, clock, new WebhookSubscriptions(TimeProvider.System)));
}
