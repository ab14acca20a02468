using LybuntCrm.Web.Features.Shared.Charts;

namespace LybuntCrm.UnitTests.Features.Shared;

public sealed class BarChartLayoutTests
{
    private static BarChart Chart(ChartValueKind kind, params decimal[][] values) => new(
        "Title", "Year", "Total",
        [new ChartSeries("A", "tone-blue"), new ChartSeries("B", "tone-green"), new ChartSeries("Lost", "tone-red", Stack: 1)],
        values.Select((v, i) => new ChartCategory("C" + i, "Category " + i, v)).ToList(), kind, "Empty", "chart");

    [Theory]
    [InlineData(0.75, true, 1)]
    [InlineData(1.75, true, 2)]
    [InlineData(3.25, true, 5)]
    [InlineData(0.75, false, 1)]
    [InlineData(2300, false, 2500)]
    [InlineData(0.3, false, 0.5)]
    [InlineData(0, true, 1)]
    public void Steps_are_nice_numbers_and_whole_for_counts(double value, bool whole, double step) =>
        BarChartLayout.NiceStep((decimal)value, whole).Should().Be((decimal)step);

    [Fact]
    public void Stacked_series_make_one_bar_and_the_scale_covers_the_highest_stack()
    {
        var chart = Chart(ChartValueKind.Count, [3, 4, 2], [1, 0, 9]);
        var layout = new BarChartLayout(chart, rightToLeft: false);

        chart.Stacks.Should().HaveCount(2);
        chart.Max.Should().Be(9);
        layout.Scale.Should().Be(20, "four steps of 5: 2.5 is not a whole number");
        layout.Ticks.Select(t => t.Value).Should().Equal(0, 5, 10, 15, 20);
        var first = layout.Categories[0];
        first.Bars.Should().HaveCount(2);
        first.Bars[0].Segments.Select(s => s.Series).Should().Equal(0, 1);
        first.Bars[0].Segments.Sum(s => s.Height).Should().BeApproximately(layout.PlotHeight * 7 / 20, 0.001);
        first.Bars[0].Segments[1].Y.Should().BeLessThan(first.Bars[0].Segments[0].Y, "the second series sits on the first");
        layout.Categories[1].Bars[0].Segments.Should().ContainSingle("a zero value draws nothing");
        first.Bars[0].X.Should().BeLessThan(first.Bars[1].X);
        layout.Categories[0].LabelX.Should().BeLessThan(layout.Categories[1].LabelX);
    }

    [Fact]
    public void Right_to_left_the_drawing_is_mirrored()
    {
        var chart = Chart(ChartValueKind.Amount, [3, 4, 2], [1, 0, 9]);
        var ltr = new BarChartLayout(chart, rightToLeft: false);
        var rtl = new BarChartLayout(chart, rightToLeft: true);

        rtl.Categories[0].LabelX.Should().BeGreaterThan(rtl.Categories[1].LabelX, "the first category stands on the right");
        rtl.Categories[0].LabelX.Should().BeApproximately(BarChartLayout.Width - ltr.Categories[0].LabelX, 0.001);
        var (l, r) = (ltr.Categories[0].Bars[0], rtl.Categories[0].Bars[0]);
        r.X.Should().BeApproximately(BarChartLayout.Width - l.X - l.Width, 0.001);
        rtl.AxisLabelX.Should().BeGreaterThan(rtl.PlotRight, "the value axis is on the right");
        ltr.AxisLabelX.Should().BeLessThan(ltr.PlotLeft);
    }

    [Fact]
    public void A_chart_of_zeros_is_empty()
    {
        Chart(ChartValueKind.Count, [0, 0, 0]).IsEmpty.Should().BeTrue();
        Chart(ChartValueKind.Count, [0, 0, 1]).IsEmpty.Should().BeFalse();
    }
}
