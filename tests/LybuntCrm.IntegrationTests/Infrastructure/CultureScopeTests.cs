using LybuntCrm.Web;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.IntegrationTests.Infrastructure;

/// <summary>Jobs and emails write in the recipient's language outside any request.</summary>
public sealed class CultureScopeTests : IClassFixture<SharedCrmApp>
{
    private readonly CrmApp _app;

    public CultureScopeTests(SharedCrmApp app) => _app = app;

    [Fact]
    public async Task Strings_come_out_in_the_language_of_the_scope_and_fall_back_to_English()
    {
        await _app.WithServicesAsync(sp =>
        {
            var t = sp.GetRequiredService<IStringLocalizer<SharedResource>>();
            using (CultureScope.Use("fa"))
            {
                t["Today"].Value.Should().Be("امروز");
                t["{0} can now sign in.", "سارا"].Value.Should().Be("سارا اکنون می‌تواند وارد شود.");
                CultureScope.Direction("fa").Should().Be("rtl");
            }
            using (CultureScope.Use("vi")) t["Today"].Value.Should().Be("Hôm nay");
            using (CultureScope.Use("xx")) t["Today"].Value.Should().Be("Today");
            using (CultureScope.Use("fa")) t["A sentence nobody translated"].Value.Should().Be("A sentence nobody translated");
            return Task.FromResult(0);
        });
    }
}
