namespace LybuntCrm.Web.Infrastructure.Jobs;

/// <summary>Where a background job started from a page is, as the page tells its reader.</summary>
public enum JobState
{
    /// <summary>Queued, or waiting for a retry after a failed attempt.</summary>
    Waiting,
    Running,
    Succeeded,
    /// <summary>Out of attempts, deleted, or unknown to the job storage.</summary>
    Failed,
}
