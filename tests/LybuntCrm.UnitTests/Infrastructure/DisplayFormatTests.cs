using LybuntCrm.Web.Infrastructure.Formatting;

namespace LybuntCrm.UnitTests.Infrastructure;

public sealed class DisplayFormatTests
{
    private static readonly DateOnly Nowruz = new(2026, 3, 21);

    [Fact]
    public void English_dates_money_and_numbers()
    {
        var f = DisplayFormat.For("en");
        f.Date(new DateOnly(2026, 6, 15)).Should().Be("15 Jun 2026");
        f.Money(1234.5m, "EUR").Should().Be("€1,234.50");
        f.Money(-20m, "USD").Should().Contain("20.00").And.Contain("$").And.Contain("-");
        f.Number(1234567).Should().Be("1,234,567");
        f.Date(null).Should().Be("—");
    }

    [Fact]
    public void Vietnamese_uses_its_own_separators_and_dong_has_no_decimals()
    {
        var f = DisplayFormat.For("vi");
        f.Date(new DateOnly(2026, 6, 15)).Should().Be("15 thg 6, 2026");
        f.Number(1234567).Should().Be("1.234.567");
        f.Money(1500000m, "VND").Should().Be("1.500.000 ₫");
        f.Money(1234.5m, "EUR").Should().Be("1.234,50 €");
    }

    [Fact]
    public void Persian_shows_Gregorian_dates_with_Persian_digits_by_default()
    {
        var f = DisplayFormat.For("fa");
        f.SolarHijriDates.Should().BeFalse();
        f.Date(Nowruz).Should().Contain("۲۰۲۶").And.Contain("۲۱");
        f.ShortDate(Nowruz).Should().Be("۲۰۲۶-۰۳-۲۱");
        f.Number(1234).Should().Be("۱٬۲۳۴");
    }

    [Fact]
    public void Persian_readers_who_chose_it_see_Solar_Hijri_dates()
    {
        var f = DisplayFormat.For("fa", solarHijri: true);
        f.SolarHijriDates.Should().BeTrue();
        f.Date(Nowruz).Should().Be("۱ فروردین ۱۴۰۵");
        f.ShortDate(new DateOnly(2026, 6, 15)).Should().Be("۱۴۰۵/۰۳/۲۵");
        f.DateTime(new DateTime(2026, 6, 15, 9, 30, 0, DateTimeKind.Utc)).Should().Be("۱۴۰۵/۰۳/۲۵ ۰۹:۳۰");
    }

    [Fact]
    public void Near_dates_amounts_and_chart_labels_follow_the_culture()
    {
        var monday = new DateOnly(2026, 6, 15);
        var en = DisplayFormat.For("en");
        en.DayMonth(monday).Should().Be("15 Jun");
        en.WeekdayDayMonth(monday).Should().Be("Mon 15 Jun");
        en.WeekdayDate(monday).Should().Be("Monday 15 June");
        en.DayFullMonth(monday).Should().Be("15 June");
        en.LongDate(monday).Should().Be("Monday 15 Jun 2026");
        en.Amount(1234.5m).Should().Be("1,234.50");
        en.Amount(1234.5m, 0).Should().Be("1,235");
        en.Compact(1_500_000m).Should().Be("1.5M");
        en.FiscalYear(new LybuntCrm.Web.Domain.FiscalYear(2025, 4)).Should().Be("2025/26");
        en.Id(12345).Should().Be("12345");
        en.Time(new DateTime(2026, 6, 15, 9, 5, 0, DateTimeKind.Utc)).Should().Be("09:05");

        var vi = DisplayFormat.For("vi");
        vi.DayMonth(monday).Should().Be("15 thg 6");
        vi.DayFullMonth(monday).Should().Be("15 tháng 6");
        vi.Amount(1234567.5m).Should().Be("1.234.567,50");
        vi.Compact(1_500_000m).Should().Be("1,5M");

        var fa = DisplayFormat.For("fa", solarHijri: true);
        fa.DayMonth(monday).Should().Be("۲۵ خرداد");
        fa.WeekdayDate(monday).Should().Be("دوشنبه ۲۵ خرداد");
        fa.DayFullMonth(monday).Should().Be("۲۵ خرداد");
        fa.LongDate(monday).Should().Be("دوشنبه ۲۵ خرداد ۱۴۰۵");
        fa.Amount(1750.5m).Should().Be("۱٬۷۵۰٫۵۰");
        fa.FiscalYear(new LybuntCrm.Web.Domain.FiscalYear(2025, 4)).Should().Be("۲۰۲۵/۲۶");
        fa.Id(2026).Should().Be("۲۰۲۶");
    }

    [Fact]
    public void Solar_Hijri_is_only_for_Persian_text() =>
        DisplayFormat.For("en", solarHijri: true).Date(Nowruz).Should().Be("21 Mar 2026");

    [Fact]
    public void Unknown_culture_falls_back_to_English() =>
        DisplayFormat.For("de").Date(Nowruz).Should().Be("21 Mar 2026");

    [Fact]
    public void Culture_scope_switches_and_restores_the_culture()
    {
        var before = System.Globalization.CultureInfo.CurrentUICulture;
        using (CultureScope.Use("fa"))
        {
            System.Globalization.CultureInfo.CurrentUICulture.Name.Should().Be("fa");
            System.Globalization.CultureInfo.CurrentCulture.TextInfo.IsRightToLeft.Should().BeTrue();
            // Persian culture keeps the Gregorian calendar, so parsing and ISO formatting stay Gregorian.
            Nowruz.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.CurrentCulture).Should().Be("2026-03-21");
        }
        System.Globalization.CultureInfo.CurrentUICulture.Should().Be(before);
    }

    [Fact]
    public void Items_of_a_line_are_separated_by_a_middle_dot_but_by_a_Persian_comma_beside_Persian_digits()
    {
        DisplayFormat.For("en").Separator.Should().Be(" · ");
        DisplayFormat.For("vi").Separator.Should().Be(" · ");
        DisplayFormat.For("fa").Separator.Should().Be("، ");
    }
}
