using LybuntCrm.Web.Domain;

namespace LybuntCrm.UnitTests.Domain;

public sealed class RecentWeeksTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Theory]
    [InlineData(DayOfWeek.Sunday, 14)]   // English: Monday 15 June 2026 is in the week of Sunday 14 June
    [InlineData(DayOfWeek.Monday, 15)]   // Vietnamese: the week starts today
    [InlineData(DayOfWeek.Saturday, 13)] // Persian: the week of Saturday 13 June
    public void A_week_starts_on_the_readers_first_day_of_the_week(DayOfWeek firstDay, int startDay) =>
        RecentWeeks.StartOfWeek(D(2026, 6, 15), firstDay).Should().Be(D(2026, 6, startDay));

    [Fact]
    public void Twelve_weeks_end_with_the_current_week_and_begin_eleven_weeks_before_it()
    {
        var weeks = RecentWeeks.Ending(D(2026, 6, 15), DayOfWeek.Sunday, 12);

        weeks.FirstStart.Should().Be(D(2026, 3, 29));
        weeks.Starts.Should().HaveCount(12).And.EndWith(D(2026, 6, 14)).And.BeInAscendingOrder();
        weeks.Start(11).Should().Be(D(2026, 6, 14));
    }

    [Fact]
    public void A_date_falls_in_the_week_holding_it_and_nowhere_outside_the_weeks()
    {
        var weeks = RecentWeeks.Ending(D(2026, 6, 15), DayOfWeek.Sunday, 12);

        weeks.IndexOf(D(2026, 3, 29)).Should().Be(0, "the first week's first day");
        weeks.IndexOf(D(2026, 4, 4)).Should().Be(0, "its Saturday");
        weeks.IndexOf(D(2026, 4, 5)).Should().Be(1);
        weeks.IndexOf(D(2026, 6, 13)).Should().Be(10);
        weeks.IndexOf(D(2026, 6, 14)).Should().Be(11);
        weeks.IndexOf(D(2026, 6, 15)).Should().Be(11, "today");
        weeks.IndexOf(D(2026, 3, 28)).Should().BeNull("before the first week");
        weeks.IndexOf(D(2026, 6, 16)).Should().BeNull("after today, though in the current week");
    }

    [Fact]
    public void A_single_week_is_the_current_one()
    {
        var weeks = RecentWeeks.Ending(D(2026, 6, 13), DayOfWeek.Saturday, 1);
        weeks.FirstStart.Should().Be(D(2026, 6, 13));
        weeks.IndexOf(D(2026, 6, 13)).Should().Be(0);
    }
}
