using LybuntCrm.Web.Features.Account;

namespace LybuntCrm.UnitTests.Features.Account;

public sealed class DeviceNameTests
{
    [Theory]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome", "Windows")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", "Mobile Safari", "iOS")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox", "Linux")]
    [InlineData("Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36", "Chrome Mobile", "Android")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge", "Mac OS X")]
    public void A_user_agent_reads_as_its_browser_and_system(string userAgent, string browser, string system) =>
        DeviceName.Describe(userAgent).Should().Be((browser, system));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void No_user_agent_names_nothing(string? userAgent) => DeviceName.Describe(userAgent).Should().Be(((string?)null, (string?)null));

    [Fact]
    public void A_user_agent_the_rules_do_not_know_names_nothing_rather_than_other() =>
        DeviceName.Describe("(unknown)").Should().Be(((string?)null, (string?)null));
}
