using LybuntCrm.Web.Infrastructure.Formatting;
using LybuntCrm.Web.Infrastructure.Jobs;

namespace LybuntCrm.UnitTests.Infrastructure.Formatting;

public sealed class CronTextTests
{
    [Theory]
    [InlineData("15 2 * * *", "every night at 02:15")]
    [InlineData("30 9 * * *", "every day at 09:30")]
    [InlineData("20 2 * * 1", "every Monday at 02:20")]
    [InlineData("0 18 * * 0", "every Sunday at 18:00")]
    [InlineData("0 18 * * 7", "every Sunday at 18:00")]
    [InlineData("5 * * * *", "every hour at 5 past the hour")]
    [InlineData("0 * * * *", "every hour, on the hour")]
    [InlineData("* * * * *", "every minute")]
    [InlineData("*/10 * * * *", "every 10 minutes")]
    public void English_schedules_read_as_words(string cron, string expected)
    {
        using var scope = CultureScope.Use("en");
        CronText.Describe(cron, SharedLocalizer.Create(), DisplayFormat.For("en")).Should().Be(expected);
    }

    [Theory]
    [InlineData("0 0 1 * *")]
    [InlineData("15 2 * * 1-5")]
    [InlineData("15,45 2 * * *")]
    [InlineData("61 2 * * *")]
    [InlineData("@daily")]
    [InlineData("")]
    public void Unknown_shapes_are_shown_as_the_raw_code(string cron)
    {
        using var scope = CultureScope.Use("en");
        CronText.Describe(cron, SharedLocalizer.Create(), DisplayFormat.For("en")).Should().Be(cron);
    }

    [Fact]
    public void Vietnamese_and_Persian_readers_get_their_words_days_and_digits()
    {
        using (CultureScope.Use("vi"))
        {
            var t = SharedLocalizer.Create();
            var f = DisplayFormat.For("vi");
            CronText.Describe("15 2 * * *", t, f).Should().Be("hằng đêm lúc 02:15");
            CronText.Describe("20 2 * * 1", t, f).Should().Contain("Thứ Hai").And.Contain("02:20");
            CronText.Describe("*/10 * * * *", t, f).Should().Be("10 phút một lần");
        }
        using (CultureScope.Use("fa"))
        {
            var t = SharedLocalizer.Create();
            var f = DisplayFormat.For("fa");
            CronText.Describe("15 2 * * *", t, f).Should().Be("هر شب ساعت ۰۲:۱۵");
            CronText.Describe("20 2 * * 1", t, f).Should().Contain("دوشنبه").And.Contain("۰۲:۲۰");
        }
    }

    [Fact]
    public void Every_recurring_job_has_a_schedule_in_words()
    {
        using var scope = CultureScope.Use("en");
        foreach (var job in RecurringJobs.All)
            CronText.Describe(job.Cron, SharedLocalizer.Create(), DisplayFormat.For("en")).Should().NotBe(job.Cron, job.Id);
    }
}
