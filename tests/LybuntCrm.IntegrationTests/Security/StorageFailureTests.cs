using System.Diagnostics;
using System.Net;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Security;

public sealed class StorageFailureTests
{
    [SqliteFact]
    public async Task A_full_database_gives_a_clear_page_saves_nothing_and_stays_intact()
    {
        using var app = new CrmApp(new DateOnly(2026, 6, 15), new Dictionary<string, string?> { ["Database:MaxPageCount"] = "1500" });
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);

        // Fill the database to its quota, as a full disk would: big batches first, then row by row to the last byte.
        var filled = 0;
        foreach (var (batch, size) in new[] { (200, 1000), (1, 1000), (1, 50) })
            filled += await FillAsync(app, batch, size);
        filled.Should().BeGreaterThan(0);

        await AddUserIsRefusedAsync(admin);
        await NothingSavedAndIntactAsync(app);
    }

    /// <summary>
    /// The data directory turns read-only under the running app. Tests run as root, for whom file modes do not block
    /// writes and a read-only remount is not available, so the fault is the immutable attribute (<c>chattr +i</c>) on the
    /// data directory and the database files: the kernel then refuses every write, also through the connections the app
    /// already holds open, as a read-only filesystem would. The log folder below it stays writable.
    /// </summary>
    [SqliteFact]
    public async Task A_read_only_data_directory_gives_a_clear_page_and_a_log_line_while_reads_still_work()
    {
        using var app = new CrmApp();
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);
        (await admin.GetAsync("/Clients")).StatusCode.Should().Be(HttpStatusCode.OK);
        var files = new[] { app.DataDirectory }.Concat(Directory.GetFiles(app.DataDirectory, "lybunt.db*")).ToArray();
        files.Should().Contain(f => f.EndsWith("lybunt.db-wal", StringComparison.Ordinal), "the database runs in WAL mode");

        Chattr("+i", files);
        try
        {
            await AddUserIsRefusedAsync(admin);
            (await admin.GetAsync("/Clients")).StatusCode.Should().Be(HttpStatusCode.OK, "reading needs no writes");
            (await admin.GetAsync("/Admin/Users")).StatusCode.Should().Be(HttpStatusCode.OK);
        }
        finally
        {
            Chattr("-i", files);
        }

        var log = string.Concat(Directory.GetFiles(Path.Combine(app.DataDirectory, "logs")).Select(ReadShared));
        log.Should().Contain("[ERR]").And.Contain("SQLite Error");
        await NothingSavedAndIntactAsync(app);
        await AddUserIsSavedAsync(admin);
    }

    private static Dictionary<string, string> NewUserForm() => new()
    {
        ["Input.Email"] = "new@example.com",
        ["Input.Password"] = "a-good-long-password",
        ["Input.DisplayName"] = "New Person",
        ["Input.Role"] = Roles.AccountManager,
        ["Input.TimeZoneId"] = "UTC",
        ["Input.DailyCapacity"] = "5",
    };

    private static async Task AddUserIsRefusedAsync(Browser admin)
    {
        var page = await admin.PostFormAsync("/Admin/Users/Create", NewUserForm());
        page.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        page.Text.Should().Contain("The database cannot be written to").And.Contain("Nothing was saved");
    }

    private static async Task AddUserIsSavedAsync(Browser admin) =>
        (await admin.PostFormAsync("/Admin/Users/Create", NewUserForm())).StatusCode.Should().Be(HttpStatusCode.Redirect,
            "once storage is fixed the same change can be made again");

    private static async Task NothingSavedAndIntactAsync(CrmApp app)
    {
        (await app.WithDbAsync(db => db.Users.CountAsync(u => u.Email == "new@example.com"))).Should().Be(0);
        var integrity = await app.WithDbAsync(db => db.Database.SqlQueryRaw<string>("PRAGMA integrity_check").ToListAsync());
        integrity.Should().Equal("ok");
    }

    private static void Chattr(string change, string[] paths)
    {
        var start = new ProcessStartInfo("chattr") { RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(change);
        foreach (var path in paths) start.ArgumentList.Add(path);
        using var chattr = Process.Start(start)!;
        var error = chattr.StandardError.ReadToEnd();
        chattr.WaitForExit();
        chattr.ExitCode.Should().Be(0, $"chattr {change} needs root and a filesystem with the immutable attribute (ext4, xfs, btrfs): {error}");
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(stream).ReadToEnd();
    }

    private static Task<int> FillAsync(CrmApp app, int batch, int size) => app.WithDbAsync(async db =>
    {
        var rows = 0;
        try
        {
            while (true)
            {
                for (var i = 0; i < batch; i++)
                    db.AuditEvents.Add(new AuditEvent { AtUtc = DateTime.UtcNow, Action = "filler", Detail = new string('x', size) });
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
                rows += batch;
            }
        }
        catch (DbUpdateException e) when (e.InnerException is SqliteException { SqliteErrorCode: 13 })
        {
            return rows;
        }
    });
}
