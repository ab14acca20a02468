using System.Net;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.IntegrationTests.Smtp;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Digest;
using LybuntCrm.Web.Features.Lybunt;
using LybuntCrm.Web.Features.Today;
using LybuntCrm.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.ScaleOut;

/// <summary>Two app processes behind one PostgreSQL database, as a team deployment runs.</summary>
[Collection(SeparateProcesses.Name)]
[Trait(SeparateProcesses.Trait, SeparateProcesses.Name)]
public sealed class TwoInstanceTests : IAsyncLifetime
{
    private const string AdminEmail = "admin@example.com";
    private const string Password = "correct-horse-battery";
    private readonly string _database = "lybunt_two_" + Guid.NewGuid().ToString("N");
    private readonly string _dataRoot = Path.Combine(Path.GetTempPath(), "lybunt-two", Guid.NewGuid().ToString("N"));
    private AppProcess? _a;
    private AppProcess? _b;
    private SmtpServer? _smtp;

    public async Task InitializeAsync()
    {
        if (!TestDatabase.UsePostgres) return;
        _smtp = SmtpServer.Started();
        TestDatabase.CreatePostgres(_database);
        _a = await AppProcess.StartAsync(Environment("a"));
        _b = await AppProcess.StartAsync(Environment("b"));
    }

    private Dictionary<string, string> Environment(string instance) => new(_smtp!.Settings()
        .Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value!))
    {
        ["Jobs__RunServer"] = "false",
        ["Database__Provider"] = "Postgres",
        ["ConnectionStrings__Default"] = TestDatabase.PostgresConnectionString(_database),
        ["App__DataDirectory"] = Path.Combine(_dataRoot, instance),
        ["Clock__Today"] = "2026-06-15",
        ["Admin__Email"] = AdminEmail,
        ["Admin__Password"] = Password,
        ["Serilog__MinimumLevel__Default"] = "Warning",
    };

    private PostgresCrmDbContext Db() => new(new DbContextOptionsBuilder<PostgresCrmDbContext>()
        .UseNpgsql(TestDatabase.PostgresConnectionString(_database)).Options);

    [PostgresFact]
    public async Task A_sign_in_and_a_form_token_from_one_instance_work_on_the_other()
    {
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false });
        using var onA = new Browser(http);
        (await onA.PostFormAsync(_a!.BaseUrl + "/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = AdminEmail,
            ["Input.Password"] = Password,
        })).StatusCode.Should().Be(HttpStatusCode.Redirect);

        var onB = await onA.GetPageAsync(_b!.BaseUrl + "/Admin");
        onB.StatusCode.Should().Be(HttpStatusCode.OK, "the sign-in cookie from A is valid on B");

        var tokenFromA = (await onA.GetPageAsync(_a.BaseUrl + "/Admin")).AntiforgeryToken;
        var created = await onA.PostAsync(_b.BaseUrl + "/Admin/Users/Create", new Dictionary<string, string>
        {
            ["Input.Email"] = "linh@example.com",
            ["Input.Password"] = "another-long-password",
            ["Input.DisplayName"] = "Linh",
            ["Input.Role"] = Roles.AccountManager,
            ["Input.TimeZoneId"] = "Asia/Ho_Chi_Minh",
            ["Input.DailyCapacity"] = "8",
        }, tokenFromA);
        created.StatusCode.Should().Be(HttpStatusCode.Redirect, "a form token issued by A is accepted by B");
        await using var db = Db();
        (await db.Users.CountAsync(u => u.Email == "linh@example.com")).Should().Be(1);
    }

    [PostgresFact]
    public async Task Recurring_jobs_are_registered_once_in_the_shared_job_storage()
    {
        await using var db = Db();
        var ids = await db.Database.SqlQueryRaw<string>(
            "SELECT value AS \"Value\" FROM hangfire.set WHERE key = 'recurring-jobs'").ToListAsync();
        ids.Should().OnlyHaveUniqueItems();
        ids.Should().BeEquivalentTo(LybuntCrm.Web.Infrastructure.Jobs.RecurringJobs.All.Select(j => j.Id));
    }

    [PostgresFact]
    public async Task Jobs_triggered_on_both_instances_at_once_give_one_win_back_per_client_and_one_digest_per_manager()
    {
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromMinutes(5) };
        using var browser = new Browser(http);
        (await browser.PostFormAsync(_a!.BaseUrl + "/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = AdminEmail,
            ["Input.Password"] = Password,
        })).StatusCode.Should().Be(HttpStatusCode.Redirect);
        var token = (await browser.GetPageAsync(_a.BaseUrl + "/Admin")).AntiforgeryToken;
        (await browser.PostAsync(_a.BaseUrl + "/Admin?handler=SeedDemo", new Dictionary<string, string>(), token)).StatusCode
            .Should().Be(HttpStatusCode.Redirect);

        foreach (var job in new[] { LybuntFlagJob.JobId, CheckInScheduleJob.JobId, DailyDigestJob.JobId, OutboxSendJob.JobId })
        {
            var runs = new[] { _a, _b! }.Select(app => browser.PostAsync($"{app.BaseUrl}/Admin?handler=RunJob&id={job}", new Dictionary<string, string>(), token));
            foreach (var run in await Task.WhenAll(runs)) run.StatusCode.Should().Be(HttpStatusCode.Redirect, job);
        }

        await using var db = Db();
        var winBacks = await db.FollowUps.Where(f => f.Kind == FollowUpKind.WinBack).GroupBy(f => f.ClientId).Select(g => g.Count()).ToListAsync();
        winBacks.Should().NotBeEmpty().And.OnlyContain(n => n == 1);
        var lybunt = await db.Clients.CountAsync(c => c.RetentionFlag == RetentionFlag.Lybunt && !c.DoNotContact && c.Status == ClientStatus.Client);
        // Demo data has recovered clients too, whose win-back is closed: the open ones are one per LYBUNT client.
        (await db.FollowUps.CountAsync(f => f.Kind == FollowUpKind.WinBack && (f.Status == FollowUpStatus.Open || f.Status == FollowUpStatus.Snoozed)))
            .Should().Be(lybunt);
        (await db.FollowUps.Where(f => f.Kind == FollowUpKind.CheckIn && f.Status == FollowUpStatus.Open)
            .GroupBy(f => f.ClientId).AnyAsync(g => g.Count() > 1)).Should().BeFalse("each client has at most one open check-in");

        var received = _smtp!.Messages();
        received.Should().NotBeEmpty("at any hour of the day one demo manager's 07:00 has come");
        received.SelectMany(m => m.EnvelopeTo).GroupBy(a => a).Should().OnlyContain(g => g.Count() == 1, "one digest per manager");
        (await db.OutboundEmails.CountAsync(e => e.Status == EmailStatus.Sent)).Should().Be(received.Count);
    }

    public async Task DisposeAsync()
    {
        _smtp?.Dispose();
        if (_a is not null) await _a.DisposeAsync();
        if (_b is not null) await _b.DisposeAsync();
        if (TestDatabase.UsePostgres) TestDatabase.DropPostgres(_database);
        try { Directory.Delete(_dataRoot, recursive: true); } catch (IOException) { }
    }
}
