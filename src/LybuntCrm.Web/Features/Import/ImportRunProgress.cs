using LybuntCrm.Web.Domain;

namespace LybuntCrm.Web.Features.Import;

/// <summary>
/// Where a run is, from its own counters: the bar, the row count, the time left and the count cards all read this, on the
/// page and in every poll, so they never disagree. The counters are those of the committed chunks.
/// </summary>
public sealed record ImportRunProgress(ImportStatus Status, int Processed, int Total, int Created, int Updated, int Skipped,
    int Failed, DateTime StartedAtUtc)
{
    public static ImportRunProgress Of(ImportRun run) => new(run.Status, run.ProcessedRows, run.TotalRows, run.Created, run.Updated,
        run.Skipped, run.Failed, run.StartedAtUtc);

    public bool Running => Status == ImportStatus.Running;

    public int Percent => Total > 0 ? (int)Math.Min(100, (long)Processed * 100 / Total) : 0;

    /// <summary>Every row is written and the run is bringing flags, follow-ups and plans up to date.</summary>
    public bool Finishing => Running && Total > 0 && Processed >= Total;

    /// <summary>The rows left at the pace of the rows done so far; null until the first chunk is written, and once all are.</summary>
    public TimeSpan? TimeLeft(DateTime nowUtc)
    {
        var elapsed = nowUtc - StartedAtUtc;
        if (!Running || Processed <= 0 || Processed >= Total || elapsed <= TimeSpan.Zero) return null;
        return elapsed / Processed * (Total - Processed);
    }
}
