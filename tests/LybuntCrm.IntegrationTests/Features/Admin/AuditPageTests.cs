using LybuntCrm.IntegrationTests.Features.Clients;
using LybuntCrm.IntegrationTests.Infrastructure;

namespace LybuntCrm.IntegrationTests.Features.Admin;

public sealed class AuditPageTests
{
    [Fact]
    public async Task The_audit_log_names_people_and_clients_and_says_what_they_did_in_words()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await app.WithDbAsync(db => db.AddClientAsync("Lotus Travel", managerId));
        using (var manager = await app.SignedInAsync(CrmApp.ManagerEmail))
        {
            await manager.PostFormAsync($"/Clients/{clientId}/Touchpoints/New", new Dictionary<string, string>
            {
                ["Input.OccurredOn"] = app.Today.ToString("yyyy-MM-dd"),
                ["Input.Channel"] = "Phone",
                ["Input.Direction"] = "Outbound",
                ["Input.Outcome"] = "Reached",
            });
        }
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);

        var page = await admin.GetPageAsync("/Admin/Audit");

        var rows = page.Document.QuerySelectorAll("[data-testid=audit-event]");
        var touch = rows.Single(r => r.QuerySelector("[data-testid=audit-action]")!.TextContent.Trim() == "Logged a touch");
        touch.TextContent.Should().Contain("An Nguyen");
        touch.QuerySelector("[data-testid=audit-record] a")!.TextContent.Should().Be("Lotus Travel");
        touch.QuerySelector("[data-testid=audit-record] a")!.GetAttribute("href").Should().Be($"/Clients/{clientId}");
        rows.Select(r => r.QuerySelector("[data-testid=audit-action]")!.TextContent.Trim()).Should().Contain("Signed in")
            .And.NotContain(a => a.Contains('.') || a.Contains('_'), "codes are shown as sentences");
        page.Document.QuerySelectorAll("select#action option").Select(o => o.TextContent).Should().Contain("Signed in");
        page.Text.Should().NotContain(managerId, "people are named, not numbered");
    }
}
