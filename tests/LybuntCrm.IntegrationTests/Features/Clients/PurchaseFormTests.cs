using System.Net;
using LybuntCrm.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.Clients;

public sealed class PurchaseFormTests
{
    [Theory]
    [InlineData("99999999999999", "Enter an amount of at most 1,000,000,000.")]
    [InlineData("0", "Enter an amount greater than zero.")]
    [InlineData("-5", "Enter an amount greater than zero.")]
    public async Task An_amount_out_of_range_names_the_limit_it_broke_and_records_nothing(string amount, string message)
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await app.WithDbAsync(db => db.AddClientAsync("Big Spender", managerId));
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var page = await browser.PostFormAsync($"/Clients/{clientId}/Purchases/New", new Dictionary<string, string>
        {
            ["Input.Date"] = "2026-03-01",
            ["Input.Amount"] = amount,
            ["Input.Currency"] = "USD",
            ["Input.Status"] = "Completed",
        });

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Errors.Should().Contain(message);
        page.Document.QuerySelector("input[name='Input.Amount']")!.GetAttribute("value").Should().Be(amount, "what was typed stays in the field");
        (await app.WithDbAsync(db => db.Purchases.CountAsync())).Should().Be(0);
    }
}
