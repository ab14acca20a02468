using LybuntCrm.Web.Infrastructure.Jobs;

namespace LybuntCrm.Web.Features.Clients.Duplicates;

/// <summary>Nightly: the list of likely duplicates found again from today's clients (<see cref="DuplicateScan"/>).</summary>
public sealed class DuplicateScanJob(DuplicateScan scan) : ICrmJob
{
    public const string JobId = "duplicate-scan";

    public Task RunAsync(CancellationToken ct) => scan.RunAsync(ct);
}
