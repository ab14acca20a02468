using System.Net;
using LybuntCrm.IntegrationTests.Features.Clients;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace LybuntCrm.IntegrationTests.Features.Account;

/// <summary>Messages written by ASP.NET Core itself (model binding, Identity) reach the reader in their language.</summary>
public sealed class FrameworkMessagesTests
{
    [Theory]
    [InlineData("en", "The value “31/02/2026” is not valid for Date.")]
    [InlineData("vi", "Giá trị “31/02/2026” không hợp lệ cho Ngày.")]
    [InlineData("fa", "مقدار «31/02/2026» برای تاریخ معتبر نیست.")]
    public async Task A_value_that_cannot_be_read_is_reported_in_the_readers_language(string culture, string expected)
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await app.WithDbAsync(db => db.AddClientAsync("Gala Group", managerId));
        using var manager = await app.SignedInAsync(CrmApp.ManagerEmail);
        var token = (await manager.GetPageAsync("/Account/Preferences")).AntiforgeryToken;
        (await manager.PostAsync("/Account/Language", new Dictionary<string, string> { ["culture"] = culture, ["returnUrl"] = "/" }, token))
            .StatusCode.Should().Be(HttpStatusCode.Redirect);

        var page = await manager.PostFormAsync($"/Clients/{clientId}/KeyDates/New",
            new Dictionary<string, string> { ["Input.Kind"] = "Birthday", ["Input.Date"] = "31/02/2026" });

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Errors.Should().Contain(expected);
    }

    [Theory]
    [InlineData("en", "The password needs at least 10 characters.", "An account with the email a@example.com already exists.")]
    [InlineData("vi", "Mật khẩu cần ít nhất 10 ký tự.", "Đã có tài khoản dùng email a@example.com.")]
    [InlineData("fa", "رمز عبور باید دست‌کم ۱۰ نویسه باشد.", "حسابی با ایمیل a@example.com از پیش وجود دارد.")]
    public async Task Identity_speaks_the_readers_language(string culture, string tooShort, string duplicate)
    {
        using var app = new CrmApp();
        await using var scope = app.Services.CreateAsyncScope();
        var describer = scope.ServiceProvider.GetRequiredService<IdentityErrorDescriber>();
        using (CultureScope.Use(culture))
        {
            describer.PasswordTooShort(10).Description.Should().Be(tooShort);
            describer.DuplicateEmail("a@example.com").Description.Should().Be(duplicate);
        }
    }
}
