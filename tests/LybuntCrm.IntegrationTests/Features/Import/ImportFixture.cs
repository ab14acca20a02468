using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Import;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LybuntCrm.IntegrationTests.Features.Import;

/// <summary>Runs imports the way the pages and the job do, through <see cref="ImportService"/>.</summary>
internal static class ImportDriver
{
    public static string File(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    public sealed record Result(ImportRun? Run, string? Error, ImportOutcome? Outcome);

    /// <summary>Uploads, dry-runs and (unless <paramref name="dryRunOnly"/>) commits a file as the admin.</summary>
    public static async Task<Result> ImportAsync(this CrmApp app, string file, ImportKind kind, bool dryRunOnly = false,
        Action<ImportOptions>? configure = null)
    {
        var (adminId, _, _) = await app.EnsureStandardUsersAsync();
        return await app.WithServicesAsync(async sp =>
        {
            var imports = sp.GetRequiredService<ImportService>();
            await using var stream = System.IO.File.OpenRead(File(file));
            var (run, error) = await imports.CreateAsync(stream, Path.GetFileName(file), kind, adminId, CancellationToken.None);
            if (run is null) return new Result(null, error, null);
            if (configure is not null)
            {
                var options = ImportOptions.FromJson(run.OptionsJson);
                configure(options);
                run.OptionsJson = options.ToJson();
            }
            var outcome = await imports.DryRunAsync(run, CancellationToken.None);
            if (!dryRunOnly && outcome.FileProblem is null)
                outcome = await imports.ExecuteAsync(run.Id, CancellationToken.None);
            var db = sp.GetRequiredService<LybuntCrm.Web.Data.CrmDbContext>();
            var stored = await db.ImportRuns.AsNoTracking().FirstAsync(r => r.Id == run.Id);
            return new Result(stored, outcome?.FileProblem, outcome);
        });
    }
}
