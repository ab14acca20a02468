using LybuntCrm.Web.Infrastructure.Jobs;

namespace LybuntCrm.Web.Features.Lybunt;

/// <summary>
/// How far a flagging run is, estimated from how long the last run took: the run is a handful of set-based statements, so it
/// has no row count to report, and its length changes little from one night to the next. Without a last run, or once the
/// estimate is used up, the bar stops short of the end (never "100 %" before it is done).
/// </summary>
public sealed record FlaggingEstimate(int SecondsRunning, int? SecondsLeft, int? Percent)
{
    private const int MostBeforeDone = 95;

    public static FlaggingEstimate Of(JobProgress progress, DateTime nowUtc, int lastRunMilliseconds)
    {
        if (progress.State == JobState.Succeeded) return new FlaggingEstimate(0, 0, 100);
        if (progress.State != JobState.Running || progress.StartedAtUtc is not { } started) return new FlaggingEstimate(0, null, 0);
        var running = Math.Max(0, (nowUtc - started).TotalMilliseconds);
        if (lastRunMilliseconds <= 0) return new FlaggingEstimate((int)(running / 1000), null, null);
        var percent = (int)Math.Min(MostBeforeDone, running * 100 / lastRunMilliseconds);
        var left = (int)Math.Ceiling(Math.Max(0, lastRunMilliseconds - running) / 1000);
        return new FlaggingEstimate((int)(running / 1000), left, percent);
    }
}
