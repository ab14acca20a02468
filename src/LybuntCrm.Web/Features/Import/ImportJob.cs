using Hangfire;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Import;

/// <summary>Runs one import in the background. Takes the run's id; the run and its options live in the database.</summary>
public sealed class ImportJob(ImportService imports)
{
    // Not retried automatically: a failed run is marked interrupted and the admin chooses to resume or undo it.
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(int runId, CancellationToken ct) => await imports.ExecuteAsync(runId, ct);
}

/// <summary>
/// Finds imports whose process stopped (a crash, a restart, a killed command-line import): a run still marked running
/// whose heartbeat is older than <c>Import:StaleAfterMinutes</c> is marked interrupted, to be resumed or undone. Runs
/// at start-up and then every minute; a live run, in this process or in another instance or command, keeps beating with
/// every committed chunk and is left alone.
/// </summary>
public sealed class InterruptedImports(IServiceProvider services, IConfiguration configuration, ILogger<InterruptedImports> logger)
    : BackgroundService
{
    public const int DefaultStaleAfterMinutes = 10;

    public TimeSpan StaleAfter { get; } = TimeSpan.FromMinutes(configuration.GetValue("Import:StaleAfterMinutes", DefaultStaleAfterMinutes));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1));
        do
        {
            try
            {
                await MarkStaleAsync(stoppingToken);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
            {
                // No database yet (first start before migrations) or storage unavailable: try again at the next tick.
                logger.LogDebug(e, "Could not look for interrupted imports");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Marks the stale running imports interrupted; returns how many.</summary>
    public async Task<int> MarkStaleAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var clock = scope.ServiceProvider.GetRequiredService<IClock>();
        var before = clock.UtcNow - StaleAfter;
        var marked = await db.ImportRuns
            .Where(r => r.Status == ImportStatus.Running && (r.HeartbeatAtUtc ?? r.StartedAtUtc) < before)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, ImportStatus.Interrupted)
                .SetProperty(r => r.Message, ImportMessages.Interrupted),
                ct);
        if (marked > 0) logger.LogWarning("{Count} import runs had no sign of life for {Minutes} minutes and are marked interrupted", marked, StaleAfter.TotalMinutes);
        return marked;
    }
}

public static class ImportSetup
{
    /// <summary>The import services, and request limits on the import pages that let files up to Import:MaxFileMegabytes through.</summary>
    public static IServiceCollection AddCrmImport(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ImportEngine>();
        services.AddScoped<ImportService>();
        services.AddScoped<ImportJob>();
        services.AddHostedService<InterruptedImports>();
        // Some room above the limit so that a slightly larger file still reaches the page and gets a clear message.
        var limit = ImportService.MaxFileBytes(configuration) + 16 * 1024 * 1024;
        services.Configure<RazorPagesOptions>(o => o.Conventions.AddFolderApplicationModelConvention("/Import", model =>
        {
            model.Filters.Add(new RequestSizeLimitAttribute(limit));
            model.Filters.Add(new RequestFormLimitsAttribute { MultipartBodyLengthLimit = limit });
        }));
        return services;
    }
}
