using LybuntCrm.Web.Domain;

namespace LybuntCrm.UnitTests.Domain;

public sealed class OccasionsTests
{
    [Fact]
    public void A_birthday_seven_days_ahead_is_found_with_its_year_in_the_key()
    {
        var found = Occasions.Birthday(12, 6, 22, 1980, new DateOnly(2026, 6, 15), 7).Single();

        found.On.Should().Be(new DateOnly(2026, 6, 22));
        found.Years.Should().Be(46);
        found.SourceKey.Should().Be("occasion:birthday:12:2026");
    }

    [Theory]
    [InlineData(2026, 6, 14)] // eight days ahead: not yet
    [InlineData(2026, 6, 23)] // yesterday: passed
    public void A_birthday_outside_the_window_is_not_found(int year, int month, int day) =>
        Occasions.Birthday(1, 6, 22, null, new DateOnly(year, month, day), 7).Should().BeEmpty();

    [Fact]
    public void A_birthday_early_in_january_is_found_in_late_december_for_the_next_year()
    {
        var found = Occasions.Birthday(5, 1, 2, null, new DateOnly(2026, 12, 28), 7).Single();

        found.On.Should().Be(new DateOnly(2027, 1, 2));
        found.SourceKey.Should().Be("occasion:birthday:5:2027");
    }

    [Fact]
    public void New_years_eve_is_found_on_christmas_eve_of_the_same_year() =>
        Occasions.Birthday(5, 12, 31, null, new DateOnly(2026, 12, 24), 7).Single().On.Should().Be(new DateOnly(2026, 12, 31));

    [Theory]
    [InlineData(2027, 2, 28)]
    [InlineData(2028, 2, 29)]
    [InlineData(2100, 2, 28)]
    [InlineData(2000, 2, 29)]
    public void The_29th_of_february_falls_on_the_28th_in_other_years(int year, int month, int expectedDay) =>
        Occasions.InYear(year, month, 29).Should().Be(new DateOnly(year, 2, expectedDay));

    [Fact]
    public void A_leap_day_birthday_is_found_on_the_28th_in_a_common_year_and_on_the_29th_in_a_leap_year()
    {
        Occasions.Birthday(1, 2, 29, null, new DateOnly(2027, 2, 21), 7).Single().On.Should().Be(new DateOnly(2027, 2, 28));
        Occasions.Birthday(1, 2, 29, null, new DateOnly(2028, 2, 22), 7).Single().On.Should().Be(new DateOnly(2028, 2, 29));
        Occasions.Birthday(1, 2, 29, null, new DateOnly(2028, 3, 1), 7).Should().BeEmpty();
    }

    [Fact]
    public void Every_yearly_date_is_found_exactly_once_a_year_over_many_years()
    {
        var random = new Random(2026);
        for (var run = 0; run < 200; run++)
        {
            var month = random.Next(1, 13);
            var day = random.Next(1, DateTime.DaysInMonth(2028, month) + 1);
            var lead = random.Next(0, 31);
            var keys = new List<string>();
            for (var today = new DateOnly(2025, 1, 1); today <= new DateOnly(2032, 12, 31); today = today.AddDays(1))
                keys.AddRange(Occasions.Birthday(1, month, day, null, today, lead).Where(o => o.On.Year <= 2032).Select(o => o.SourceKey));

            // Run every night, the same key is seen lead + 1 times; each year appears once as a distinct key.
            keys.Distinct().Should().HaveCount(8, $"{month}/{day} with lead {lead}");
        }
    }

    [Fact]
    public void Customer_since_counts_anniversaries_but_not_the_first_day()
    {
        var since = new DateOnly(2020, 6, 20);
        Occasions.CustomerSince(3, since, new DateOnly(2020, 6, 15), 7).Should().BeEmpty();
        var found = Occasions.CustomerSince(3, since, new DateOnly(2026, 6, 15), 7).Single();
        found.Years.Should().Be(6);
        found.SourceKey.Should().Be("occasion:customer-since:3:2026");
    }

    [Fact]
    public void A_delivered_project_gets_a_note_after_six_months_and_then_every_anniversary()
    {
        var delivered = new DateOnly(2025, 12, 20);

        var sixMonths = Occasions.ProjectDelivered(9, delivered, new DateOnly(2026, 6, 15), 7).Single();
        sixMonths.Kind.Should().Be(OccasionKind.ProjectFollowUp);
        sixMonths.On.Should().Be(new DateOnly(2026, 6, 20));
        sixMonths.SourceKey.Should().Be("occasion:project-6m:9");

        var anniversary = Occasions.ProjectDelivered(9, delivered, new DateOnly(2026, 12, 14), 7).Single();
        anniversary.Kind.Should().Be(OccasionKind.ProjectAnniversary);
        anniversary.On.Should().Be(new DateOnly(2026, 12, 20));
        anniversary.Years.Should().Be(1);

        Occasions.ProjectDelivered(9, delivered, new DateOnly(2025, 12, 14), 7).Should().BeEmpty("the delivery day itself is no occasion");
    }

    [Fact]
    public void A_project_delivered_on_the_last_of_august_is_followed_up_on_the_last_of_february()
    {
        Occasions.ProjectDelivered(1, new DateOnly(2026, 8, 31), new DateOnly(2027, 2, 25), 7).Single().On.Should().Be(new DateOnly(2027, 2, 28));
        Occasions.ProjectDelivered(1, new DateOnly(2027, 8, 31), new DateOnly(2028, 2, 25), 7).Single().On.Should().Be(new DateOnly(2028, 2, 29));
    }

    [Fact]
    public void A_custom_date_comes_back_every_year_from_its_first_occurrence()
    {
        Occasions.Custom(4, new DateOnly(2026, 6, 18), new DateOnly(2026, 6, 15), 7).Single().SourceKey.Should().Be("occasion:custom:4:2026");
        Occasions.Custom(4, new DateOnly(2026, 6, 18), new DateOnly(2028, 6, 15), 7).Single().Years.Should().Be(2);
        Occasions.Custom(4, new DateOnly(2027, 6, 18), new DateOnly(2026, 6, 15), 7).Should().BeEmpty();
    }
}
