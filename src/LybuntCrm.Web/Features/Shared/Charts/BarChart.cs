namespace LybuntCrm.Web.Features.Shared.Charts;

/// <summary>
/// The figures of a bar chart, drawn by <c>Features/Shared/_BarChart.cshtml</c> as inline SVG with focusable bars that
/// show their values on hover and focus, and the same figures as a table. Labels come in already formatted for the reader;
/// values are formatted by <see cref="Kind"/>.
/// </summary>
/// <param name="Title">What the chart shows; the accessible name of the drawing and the caption of its table.</param>
/// <param name="CategoryHeader">The table's first column: "Fiscal year", "Week of".</param>
/// <param name="TotalHeader">The header of a stack's total, shown in the table and the bars' labels when a bar stacks several series.</param>
/// <param name="EmptyText">Shown instead of the chart when every value is zero.</param>
/// <param name="TestId">The chart's <c>data-testid</c>; its table gets <c>{TestId}-table</c>.</param>
public sealed record BarChart(
    string Title,
    string CategoryHeader,
    string TotalHeader,
    IReadOnlyList<ChartSeries> Series,
    IReadOnlyList<ChartCategory> Categories,
    ChartValueKind Kind,
    string EmptyText,
    string TestId)
{
    public bool IsEmpty => Categories.All(c => c.Values.All(v => v == 0));

    /// <summary>The bars of each category: the indexes of the series in each stack, in the order the stacks first appear.</summary>
    public IReadOnlyList<IReadOnlyList<int>> Stacks =>
        Series.Select((s, i) => (s.Stack, Index: i)).GroupBy(s => s.Stack).Select(g => (IReadOnlyList<int>)g.Select(s => s.Index).ToList()).ToList();

    /// <summary>The largest bar: the highest stacked total of any category.</summary>
    public decimal Max => Categories.SelectMany(c => Stacks.Select(stack => stack.Sum(i => c.Values[i]))).DefaultIfEmpty(0).Max();
}
