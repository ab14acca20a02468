using System.Net;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.Account;

public sealed class ProfileTests
{
    [Fact]
    public async Task Manager_sets_the_hour_time_zone_and_name_of_their_daily_email()
    {
        using var app = new CrmApp();
        using var an = await app.SignedInAsync(CrmApp.ManagerEmail);

        var form = await an.GetPageAsync("/Account/Profile");
        form.StatusCode.Should().Be(HttpStatusCode.OK);
        form.Document.QuerySelector("[data-testid=current-user]")!.GetAttribute("href").Should().Be("/Account/Profile");

        var saved = await an.PostFormAsync("/Account/Profile", new KeyValuePair<string, string>[]
        {
            new("Input.DisplayName", "Nguyễn Văn An"),
            new("Input.TimeZoneId", "Asia/Ho_Chi_Minh"),
            new("Input.DigestEnabled", "false"),
            new("Input.DigestHour", "6"),
            new("Input.WorkingDays", "Monday"),
            new("Input.WorkingDays", "Tuesday"),
            new("Input.WorkingDays", "Saturday"),
        });
        saved.StatusCode.Should().Be(HttpStatusCode.Redirect, string.Join(" | ", saved.Errors));

        var user = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == CrmApp.ManagerEmail));
        (user.DisplayName, user.TimeZoneId, user.DigestEnabled, user.DigestHour).Should().Be(("Nguyễn Văn An", "Asia/Ho_Chi_Minh", false, 6));
        user.WorkingDays.Should().Be(WorkWeek.Of(DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Saturday).Mask);
        (await an.GetPageAsync("/Account/Profile")).Document.QuerySelector("[data-testid=current-user]")!.TextContent.Should().Be("Nguyễn Văn An");
    }

    [Fact]
    public async Task Profile_explains_each_mistake()
    {
        using var app = new CrmApp();
        using var an = await app.SignedInAsync(CrmApp.ManagerEmail);

        var page = await an.PostFormAsync("/Account/Profile", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "\u202E ",
            ["Input.TimeZoneId"] = "Mars/Olympus",
            ["Input.DigestHour"] = "24",
        });

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Errors.Should().Contain("Choose a time zone from the list.").And.Contain("Choose an hour between 0 and 23.").And.Contain("Enter your name.");
        (await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == CrmApp.ManagerEmail))).TimeZoneId.Should().Be("UTC");
    }
}
