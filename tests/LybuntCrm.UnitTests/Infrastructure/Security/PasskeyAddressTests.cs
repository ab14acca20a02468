using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.Extensions.Configuration;

namespace LybuntCrm.UnitTests.Infrastructure.Security;

public sealed class PasskeyAddressTests
{
    private static IConfiguration With(string? baseUrl) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["App:BaseUrl"] = baseUrl }).Build();

    [Theory]
    [InlineData("https://crm.example.com/", "crm.example.com", "https://crm.example.com")]
    [InlineData("https://crm.example.com:8443/lybunt", "crm.example.com", "https://crm.example.com:8443")]
    [InlineData("http://localhost:5051", "localhost", "http://localhost:5051")]
    [InlineData("https://bücher.example", "xn--bcher-kva.example", "https://xn--bcher-kva.example")]
    public void Passkeys_belong_to_the_configured_public_address(string baseUrl, string relyingParty, string origin)
    {
        var address = PasskeyAddress.Configured(With(baseUrl))!;
        address.IdnHost.Should().Be(relyingParty);
        PasskeyAddress.Origin(address).Should().Be(origin);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    [InlineData("ftp://crm.example.com")]
    public void Without_a_usable_address_the_request_decides(string? baseUrl) => PasskeyAddress.Configured(With(baseUrl)).Should().BeNull();
}
