using LybuntCrm.Web.Infrastructure.Formatting;

namespace LybuntCrm.UnitTests.Infrastructure.Formatting;

public sealed class TimelineTextTests
{
    private static readonly DateOnly Today = new(2026, 6, 15);

    private static string Contact(int? attemptDaysAgo, int? reachedDaysAgo)
    {
        using var scope = CultureScope.Use("en");
        return TimelineText.Contact(SharedLocalizer.Create(), DisplayFormat.For("en"), Today,
            attemptDaysAgo is { } a ? Today.AddDays(-a) : null, reachedDaysAgo is { } r ? Today.AddDays(-r) : null);
    }

    [Fact]
    public void Nothing_logged_is_no_contact_yet() => Contact(null, null).Should().Be("No contact yet");

    [Fact]
    public void An_attempt_that_did_not_reach_the_client_says_so() =>
        Contact(3, null).Should().Be("Last attempt 3 days ago, not reached yet");

    [Fact]
    public void A_reached_client_shows_when_and_a_later_attempt_beside_it()
    {
        Contact(0, 0).Should().Be("Last reached today");
        Contact(1, 40).Should().Be("Last reached 40 days ago, last attempt yesterday");
    }

    [Fact]
    public void Known_for_counts_days_with_the_singular_for_one()
    {
        using var scope = CultureScope.Use("en");
        var t = SharedLocalizer.Create();
        var f = DisplayFormat.For("en");
        TimelineText.KnownFor(t, f, Today, Today.AddDays(-1)).Should().Be("Known for 1 day");
        TimelineText.KnownFor(t, f, Today, Today.AddDays(-1234)).Should().Be("Known for 1,234 days");
    }

    [Fact]
    public void Persian_readers_get_their_words_and_digits()
    {
        using var scope = CultureScope.Use("fa");
        TimelineText.Contact(SharedLocalizer.Create(), DisplayFormat.For("fa"), Today, Today.AddDays(-3), null)
            .Should().Be("آخرین تلاش ۳ روز پیش، هنوز ارتباط موفقی نیست");
    }
}
