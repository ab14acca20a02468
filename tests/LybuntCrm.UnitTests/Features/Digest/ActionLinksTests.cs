using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Digest;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;

namespace LybuntCrm.UnitTests.Features.Digest;

public sealed class ActionLinksTests
{
    private sealed class FixedClock(DateTime utcNow) : IClock
    {
        public DateTime UtcNow { get; set; } = utcNow;
        public DateOnly Today => DateOnly.FromDateTime(UtcNow);
        public DateOnly TodayIn(string timeZoneId) => Today;
    }

    private static readonly DateTime Written = new(2026, 6, 15, 8, 0, 0, DateTimeKind.Utc);

    private static ActionLinks Links(FixedClock clock, IDataProtectionProvider? protection = null)
    {
        protection ??= new EphemeralDataProtectionProvider();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["App:BaseUrl"] = "https://crm.example.com" }).Build();
        return new ActionLinks(protection, clock, new DigestLinks(configuration, protection));
    }

    [Theory]
    [InlineData("4f1c2a9e-5b7d-4c3e-9a8b-1d2e3f405162")]
    [InlineData("legacy-user-42")]
    [InlineData("4F1C2A9E-5B7D-4C3E-9A8B-1D2E3F405162")]
    public void A_link_reads_back_what_was_signed_into_it(string userId)
    {
        var links = Links(new FixedClock(Written));
        var link = links.New(1234, LinkAction.Snooze, userId);

        var read = links.Read(links.Token(link));

        read.Should().Be(link with { ExpiresAtUtc = Written.AddDays(ActionLinks.ValidDays) });
        link.LinkId.Should().HaveLength(16);
    }

    [Fact]
    public void A_link_is_short_and_url_safe()
    {
        var links = Links(new FixedClock(Written));
        var url = links.Url(int.MaxValue, LinkAction.NoAnswer, Guid.NewGuid().ToString());

        url.Should().StartWith("https://crm.example.com/Act/");
        url["https://crm.example.com/Act/".Length..].Should().MatchRegex("^[A-Za-z0-9_-]+$");
        url.Length.Should().BeLessThan(230);
    }

    [Fact]
    public void Every_link_has_its_own_id()
    {
        var links = Links(new FixedClock(Written));
        links.New(1, LinkAction.Reached, "u").LinkId.Should().NotBe(links.New(1, LinkAction.Reached, "u").LinkId);
    }

    [Fact]
    public void A_link_expires_seven_days_after_it_was_written()
    {
        var clock = new FixedClock(Written);
        var links = Links(clock);
        var link = links.New(1, LinkAction.Reached, "u");

        clock.UtcNow = Written.AddDays(7).AddSeconds(-1);
        links.IsExpired(link).Should().BeFalse();
        clock.UtcNow = Written.AddDays(7);
        links.IsExpired(link).Should().BeTrue();
    }

    [Fact]
    public void An_altered_token_or_one_from_another_key_or_purpose_reads_as_nothing()
    {
        var protection = new EphemeralDataProtectionProvider();
        var links = Links(new FixedClock(Written), protection);
        var token = links.Token(links.New(7, LinkAction.Reached, "u"));

        foreach (var i in new[] { 0, token.Length / 2, token.Length - 1 })
            links.Read(token[..i] + (token[i] == 'A' ? 'B' : 'A') + token[(i + 1)..]).Should().BeNull();
        links.Read(token[..^3]).Should().BeNull();
        links.Read("").Should().BeNull();
        links.Read("not base64 at all!").Should().BeNull();
        Links(new FixedClock(Written)).Read(token).Should().BeNull("another installation's key");
        var configuration = new ConfigurationBuilder().Build();
        links.Read(new DigestLinks(configuration, protection).Token("u")).Should().BeNull("the turn-off link's purpose is another");
    }
}
