using LybuntCrm.Web.Features.Lybunt;
using LybuntCrm.Web.Infrastructure.Jobs;

namespace LybuntCrm.UnitTests.Features.Lybunt;

public sealed class FlaggingEstimateTests
{
    private static readonly DateTime Now = new(2026, 6, 15, 2, 20, 0, DateTimeKind.Utc);

    [Fact]
    public void Halfway_through_the_length_of_the_last_run_is_half_done()
    {
        var estimate = FlaggingEstimate.Of(new JobProgress(JobState.Running, Now.AddSeconds(-10)), Now, lastRunMilliseconds: 20_000);
        estimate.Should().Be(new FlaggingEstimate(10, 10, 50));
    }

    [Fact]
    public void A_run_longer_than_the_last_stops_short_of_the_end()
    {
        var estimate = FlaggingEstimate.Of(new JobProgress(JobState.Running, Now.AddSeconds(-30)), Now, lastRunMilliseconds: 20_000);
        estimate.Should().Be(new FlaggingEstimate(30, 0, 95));
    }

    [Fact]
    public void Without_a_last_run_there_is_no_percentage_nor_time_left()
    {
        FlaggingEstimate.Of(new JobProgress(JobState.Running, Now.AddSeconds(-3)), Now, lastRunMilliseconds: 0)
            .Should().Be(new FlaggingEstimate(3, null, null));
    }

    [Fact]
    public void Waiting_is_at_the_start_and_done_is_at_the_end()
    {
        FlaggingEstimate.Of(new JobProgress(JobState.Waiting, null), Now, 20_000).Percent.Should().Be(0);
        FlaggingEstimate.Of(new JobProgress(JobState.Succeeded, null), Now, 20_000).Percent.Should().Be(100);
    }
}
