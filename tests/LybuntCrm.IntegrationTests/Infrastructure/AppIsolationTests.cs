using System.Net;
using Hangfire;
using Hangfire.Storage;
using LybuntCrm.Web.Features.Lybunt;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LybuntCrm.IntegrationTests.Infrastructure;

/// <summary>
/// Two apps in one process, as the parallel test classes run them: each keeps its jobs, its logs and its search cache
/// to itself, and nothing relies on Hangfire's <c>JobStorage.Current</c> or Serilog's <c>Log.Logger</c>.
/// </summary>
public sealed class AppIsolationTests
{
    [Fact]
    public async Task A_job_enqueued_by_one_app_is_in_its_storage_and_dashboard_only()
    {
        using var first = new CrmApp();
        using var second = new CrmApp();
        var firstStorage = first.Services.GetRequiredService<JobStorage>();
        var secondStorage = second.Services.GetRequiredService<JobStorage>();
        firstStorage.Should().NotBeSameAs(secondStorage);

        // The page enqueues through the client it is given, which writes to the storage of its own app.
        using var admin = await first.SignedInAsync(CrmApp.AdminEmail);
        (await admin.PostFormAsync("/Lybunt", new Dictionary<string, string>(), "/Lybunt?handler=Run")).StatusCode.Should().Be(HttpStatusCode.Redirect);
        first.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<JobRunner>(r => r.RunAsync(LybuntFlagJob.JobId, CancellationToken.None));

        firstStorage.GetMonitoringApi().EnqueuedCount("default").Should().Be(2);
        secondStorage.GetMonitoringApi().EnqueuedCount("default").Should().Be(0);
        (await admin.GetPageAsync("/admin/jobs/jobs/enqueued")).Html.Should().Contain("JobRunner.RunAsync");
        using var otherAdmin = await second.SignedInAsync(CrmApp.AdminEmail);
        (await otherAdmin.GetPageAsync("/admin/jobs/jobs/enqueued")).Html.Should().NotContain("JobRunner.RunAsync");

        // Each app declared the recurring jobs on its own storage.
        foreach (var storage in new[] { firstStorage, secondStorage })
        {
            using var connection = storage.GetConnection();
            connection.GetRecurringJobs().Select(j => j.Id).Should().BeEquivalentTo(RecurringJobs.All.Select(j => j.Id));
        }
        FluentActions.Invoking(() => JobStorage.Current).Should().Throw<InvalidOperationException>("no app sets the process-wide storage");
    }

    [Fact]
    public async Task Each_app_sizes_its_own_search_cache_and_its_contexts_use_it()
    {
        using var keeping = new CrmApp();
        using var keepingNone = new CrmApp(keeping.Today, new Dictionary<string, string?> { ["Search:CacheEntries"] = "0" });
        var kept = keeping.Services.GetRequiredService<ClientSearchCache>();
        var none = keepingNone.Services.GetRequiredService<ClientSearchCache>();

        kept.Capacity.Should().Be(ClientSearchCache.DefaultCapacity);
        none.Capacity.Should().Be(0);
        (await keeping.WithDbAsync(db => Task.FromResult(ClientSearchCache.Of(db)))).Should().BeSameAs(kept);
        (await keepingNone.WithDbAsync(db => Task.FromResult(ClientSearchCache.Of(db)))).Should().BeSameAs(none);
    }

    [Fact]
    public void An_app_keeps_logging_to_its_own_files_after_another_app_stopped()
    {
        using var second = new CrmApp();
        using (var first = new CrmApp())
        {
            _ = second.Services;
            _ = first.Services;
        }
        var marker = Guid.NewGuid().ToString("N");
        second.Services.GetRequiredService<ILogger<AppIsolationTests>>().LogWarning("Isolation marker {Marker}", marker);

        var logs = Path.Combine(second.DataDirectory, "logs");
        var text = Directory.Exists(logs) ? string.Concat(Directory.GetFiles(logs).Select(ReadShared)) : "";
        text.Should().Contain(marker);
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
