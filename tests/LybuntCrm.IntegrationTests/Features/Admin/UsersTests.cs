using System.Net;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.Admin;

public sealed class UsersTests
{
    [Fact]
    public async Task Admin_adds_an_account_manager_who_can_then_sign_in()
    {
        using var app = new CrmApp();
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);

        var created = await admin.PostFormAsync("/Admin/Users/Create", new Dictionary<string, string>
        {
            ["Input.Email"] = "linh@example.com",
            ["Input.Password"] = "a-good-long-password",
            ["Input.DisplayName"] = "Trần Thị Linh",
            ["Input.Role"] = Roles.AccountManager,
            ["Input.TimeZoneId"] = "Asia/Ho_Chi_Minh",
            ["Input.DailyCapacity"] = "6",
            ["Input.DigestEnabled"] = "true",
        });
        created.StatusCode.Should().Be(HttpStatusCode.Redirect, string.Join(" | ", created.Errors));

        var user = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == "linh@example.com"));
        user.DisplayName.Should().Be("Trần Thị Linh");
        user.TimeZoneId.Should().Be("Asia/Ho_Chi_Minh");
        user.DailyCapacity.Should().Be(6);
        user.CalendarToken.Should().NotBeNullOrEmpty();

        using var linh = app.NewBrowser();
        (await linh.LoginAsync("linh@example.com", "a-good-long-password")).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await linh.GetAsync("/Admin/Users")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Adding_a_user_explains_each_mistake()
    {
        using var app = new CrmApp();
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);

        var page = await admin.PostFormAsync("/Admin/Users/Create", new Dictionary<string, string>
        {
            ["Input.Email"] = CrmApp.ManagerEmail,
            ["Input.Password"] = "a-good-long-password",
            ["Input.DisplayName"] = "Copy",
            ["Input.Role"] = Roles.AccountManager,
            ["Input.TimeZoneId"] = "UTC",
            ["Input.DailyCapacity"] = "0",
        });
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Errors.Should().Contain("Daily capacity must be between 1 and 100 follow-ups.");

        page = await admin.PostFormAsync("/Admin/Users/Create", new Dictionary<string, string>
        {
            ["Input.Email"] = CrmApp.ManagerEmail,
            ["Input.Password"] = "a-good-long-password",
            ["Input.DisplayName"] = "Copy",
            ["Input.Role"] = "Owner",
            ["Input.TimeZoneId"] = "UTC",
            ["Input.DailyCapacity"] = "5",
        });
        page.Errors.Should().Contain("Choose a role from the list.");

        page = await admin.PostFormAsync("/Admin/Users/Create", new Dictionary<string, string>
        {
            ["Input.Email"] = CrmApp.ManagerEmail,
            ["Input.Password"] = "a-good-long-password",
            ["Input.DisplayName"] = "Copy",
            ["Input.Role"] = Roles.AccountManager,
            ["Input.TimeZoneId"] = "UTC",
            ["Input.DailyCapacity"] = "5",
        });
        page.Errors.Should().Contain("A user with this email already exists.");
        (await app.WithDbAsync(db => db.Users.CountAsync())).Should().Be(3);
    }

    [Fact]
    public async Task A_manager_who_owns_clients_cannot_be_deactivated_until_they_are_reassigned()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        await app.WithDbAsync(async db =>
        {
            db.Clients.Add(new Client { Name = "Kept", OwnerId = managerId, CreatedOn = app.Today });
            await db.SaveChangesAsync();
        });
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);
        var fields = new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "An Nguyen",
            ["Input.Role"] = Roles.AccountManager,
            ["Input.TimeZoneId"] = "UTC",
            ["Input.DailyCapacity"] = "8",
            ["Input.IsActive"] = "false",
        };

        var refused = await admin.PostFormAsync($"/Admin/Users/Edit/{managerId}", fields);
        refused.Errors.Should().ContainSingle().Which.Should().Contain("still owns 1 clients");
        (await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Id == managerId))).IsActive.Should().BeTrue();

        await app.WithDbAsync(db => db.Clients.ExecuteDeleteAsync());
        var done = await admin.PostFormAsync($"/Admin/Users/Edit/{managerId}", fields);
        done.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Id == managerId))).IsActive.Should().BeFalse();

        using var an = app.NewBrowser();
        var login = await an.LoginAsync(CrmApp.ManagerEmail, CrmApp.Password);
        login.StatusCode.Should().Be(HttpStatusCode.OK, "a deactivated account cannot sign in");
        (await app.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.Action == "user.deactivated" && e.EntityId == managerId))).Should().BeTrue();
    }

    [Fact]
    public async Task Admin_loads_the_demo_data_once()
    {
        using var app = new CrmApp();
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);

        var first = await admin.PostFormAsync("/Admin", new Dictionary<string, string>(), "/Admin?handler=SeedDemo");
        first.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var counts = await app.WithDbAsync(async db => (
            Clients: await db.Clients.CountAsync(),
            Purchases: await db.Purchases.CountAsync(),
            Vietnamese: await db.Clients.CountAsync(c => c.Name.Contains("Hà Nội") || c.Name.Contains("Công ty") || c.Name.Contains("Khách sạn")),
            Persian: await db.Contacts.CountAsync(c => c.Name.Contains("احمدی") || c.Name.Contains("رضایی") || c.Name.Contains("کریمی")),
            Prospects: await db.Clients.CountAsync(c => c.Status == ClientStatus.Prospect),
            WithNextCheckIn: await db.Clients.CountAsync(c => c.NextCheckInOn != null)));
        counts.Clients.Should().Be(200);
        counts.Purchases.Should().BeGreaterThan(300);
        counts.Vietnamese.Should().BeGreaterThan(10);
        counts.Persian.Should().BeGreaterThan(5);
        counts.Prospects.Should().BeGreaterThan(10);
        counts.WithNextCheckIn.Should().BeGreaterThan(150);

        await admin.PostFormAsync("/Admin", new Dictionary<string, string>(), "/Admin?handler=SeedDemo");
        (await app.WithDbAsync(db => db.Clients.CountAsync())).Should().Be(200);
    }
}
