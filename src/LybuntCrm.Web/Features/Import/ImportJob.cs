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
/// At start-up, a run still marked running belonged to a process that stopped (the embedded job storage is in memory,
/// so its job is gone): it is marked interrupted, to be resumed or undone.
/// </summary>
public sealed class InterruptedImports(IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        try
        {
            await db.ImportRuns.Where(r => r.Status == ImportStatus.Running).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, ImportStatus.Interrupted)
                .SetProperty(r => r.Message, "The app stopped while this import was running. Resume it, or undo what it committed."),
                cancellationToken);
        }
        catch (System.Data.Common.DbException)
        {
            // No database yet (first start before migrations): nothing can be running.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
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
