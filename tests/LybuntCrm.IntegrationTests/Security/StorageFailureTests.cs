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

        var page = await admin.PostFormAsync("/Admin/Users/Create", new Dictionary<string, string>
        {
            ["Input.Email"] = "new@example.com",
            ["Input.Password"] = "a-good-long-password",
            ["Input.DisplayName"] = "New Person",
            ["Input.Role"] = Roles.AccountManager,
            ["Input.TimeZoneId"] = "UTC",
            ["Input.DailyCapacity"] = "5",
        });

        page.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        page.Text.Should().Contain("The database cannot be written to").And.Contain("Nothing was saved");
        (await app.WithDbAsync(db => db.Users.CountAsync(u => u.Email == "new@example.com"))).Should().Be(0);
        var integrity = await app.WithDbAsync(db => db.Database.SqlQueryRaw<string>("PRAGMA integrity_check").ToListAsync());
        integrity.Should().Equal("ok");
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
