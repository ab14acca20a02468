using LybuntCrm.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Import;

/// <summary>Records how far a run got, in the transaction of the chunk it describes.</summary>
internal static class ImportProgress
{
    public static async Task SaveAsync(CrmDbContext db, int? runId, ImportOutcome o, DateTime now, CancellationToken ct)
    {
        if (runId is null) return;
        await db.ImportRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.HeartbeatAtUtc, now)
            .SetProperty(r => r.ProcessedRows, o.Total)
            .SetProperty(r => r.Created, o.Created)
            .SetProperty(r => r.Updated, o.Updated)
            .SetProperty(r => r.Skipped, o.Skipped)
            .SetProperty(r => r.Failed, o.Failed), ct);
    }
}
