using System.Globalization;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;

namespace LybuntCrm.Web.Infrastructure.Jobs;

/// <summary>
/// The state of one background job, read from the job storage: a page that starts a job polls it to show progress and to
/// refresh itself when the job is done. The storage is shared by every instance, so this works whichever instance runs it.
/// </summary>
public sealed record JobProgress(JobState State, DateTime? StartedAtUtc)
{
    /// <summary>The job's state; null for an id no job of ours can have (both storages number their jobs).</summary>
    public static JobProgress? Read(JobStorage storage, string? jobId)
    {
        if (!long.TryParse(jobId, NumberStyles.None, CultureInfo.InvariantCulture, out _)) return null;
        using var connection = storage.GetConnection();
        var state = connection.GetStateData(jobId);
        var name = state?.Name;
        if (Is(name, ProcessingState.StateName)) return new JobProgress(JobState.Running, StartedAt(state!.Data));
        if (Is(name, SucceededState.StateName)) return new JobProgress(JobState.Succeeded, null);
        if (Is(name, EnqueuedState.StateName) || Is(name, ScheduledState.StateName) || Is(name, AwaitingState.StateName))
            return new JobProgress(JobState.Waiting, null);
        return new JobProgress(JobState.Failed, null);
    }

    private static bool Is(string? name, string stateName) => string.Equals(name, stateName, StringComparison.OrdinalIgnoreCase);

    // Hangfire writes the time as a Unix timestamp or in ISO form depending on the data compatibility level; it reads both.
    private static DateTime? StartedAt(IDictionary<string, string>? data) =>
        data is not null && data.TryGetValue("StartedAt", out var text) ? JobHelper.DeserializeNullableDateTime(text) : null;
}
