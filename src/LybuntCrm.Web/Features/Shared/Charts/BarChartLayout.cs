namespace LybuntCrm.Web.Features.Shared.Charts;

/// <summary>
/// The geometry of a <see cref="BarChart"/> in SVG user units (a 760 × 280 view box that scales to the page's width).
/// Right to left the drawing is mirrored: the first category, and the first bar of each, stand on the right and the value
/// axis on the right edge, the way a Persian reader reads the table beside it. Coordinates are numbers for the browser,
/// written invariant by the view; nothing here is shown as text.
/// </summary>
public sealed class BarChartLayout
{
    public const int Width = 760;
    public const int Height = 280;
    private const double AxisSpace = 64, Edge = 12, Top = 14, Bottom = 34, BarGap = 4, MaxBarWidth = 44;

    public BarChartLayout(BarChart chart, bool rightToLeft)
    {
        RightToLeft = rightToLeft;
        PlotLeft = rightToLeft ? Edge : Edge + AxisSpace;
        PlotRight = rightToLeft ? Width - Edge - AxisSpace : Width - Edge;
        Baseline = Height - Bottom;
        AxisLabelX = rightToLeft ? PlotRight + 8 : PlotLeft - 8;
        LabelY = Height - Bottom + 20;

        var step = NiceStep(chart.Max / 4, chart.Kind == ChartValueKind.Count);
        Scale = step * 4;
        Ticks = Enumerable.Range(0, 5).Select(i => new ChartTick(step * i, Baseline - PlotHeight * i / 4)).ToList();

        var stacks = chart.Stacks;
        var count = Math.Max(1, chart.Categories.Count);
        var slot = (PlotRight - PlotLeft) / count;
        var barWidth = Math.Min(MaxBarWidth, (slot * 0.64 - BarGap * (stacks.Count - 1)) / stacks.Count);
        var groupWidth = barWidth * stacks.Count + BarGap * (stacks.Count - 1);
        Categories = chart.Categories.Select((category, c) =>
        {
            var slotStart = rightToLeft ? PlotRight - (c + 1) * slot : PlotLeft + c * slot;
            var middle = slotStart + slot / 2;
            var bars = stacks.Select((series, s) =>
            {
                var position = rightToLeft ? stacks.Count - 1 - s : s;
                var x = middle - groupWidth / 2 + position * (barWidth + BarGap);
                var top = Baseline;
                var segments = new List<ChartSegmentPlace>();
                foreach (var i in series)
                {
                    var height = Scale == 0 ? 0 : (double)(category.Values[i] / Scale) * PlotHeight;
                    if (height <= 0) continue;
                    top -= height;
                    segments.Add(new ChartSegmentPlace(i, top, height));
                }
                var hitWidth = slot / stacks.Count;
                return new ChartBarPlace(series, x, barWidth, segments, slotStart + position * hitWidth, hitWidth);
            }).ToList();
            return new ChartCategoryPlace(category, middle, bars);
        }).ToList();
    }

    public bool RightToLeft { get; }
    public double PlotLeft { get; }
    public double PlotRight { get; }
    public double PlotTop => Top;
    public double Baseline { get; }
    public double PlotHeight => Baseline - Top;
    /// <summary>Where the value axis' labels end (left to right) or start (right to left).</summary>
    public double AxisLabelX { get; }
    /// <summary>The baseline of the categories' labels.</summary>
    public double LabelY { get; }
    /// <summary>The value at the top of the plot: four nice steps above the largest bar.</summary>
    public decimal Scale { get; }
    public IReadOnlyList<ChartTick> Ticks { get; }
    public IReadOnlyList<ChartCategoryPlace> Categories { get; }

    /// <summary>The smallest of 1, 2, 2.5, 5 × a power of ten at least <paramref name="value"/>; whole numbers for counts.</summary>
    public static decimal NiceStep(decimal value, bool whole)
    {
        if (value <= 0) return whole ? 1 : 0;
        var magnitude = (decimal)Math.Pow(10, Math.Floor(Math.Log10((double)value)));
        foreach (var factor in new[] { 1m, 2m, 2.5m, 5m, 10m })
        {
            var step = factor * magnitude;
            if (whole && (step < 1 || step != Math.Floor(step))) continue;
            if (step >= value) return step;
        }
        return 10 * magnitude;
    }
}
