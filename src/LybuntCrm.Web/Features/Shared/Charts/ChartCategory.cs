namespace LybuntCrm.Web.Features.Shared.Charts;

/// <summary>
/// One place on the chart's axis (a fiscal year, a week): its short <paramref name="Label"/> under the bars, the
/// <paramref name="LongLabel"/> that names it in the table and the bars' accessible names, and one value per series of the
/// chart, in the order of <see cref="BarChart.Series"/>.
/// </summary>
public sealed record ChartCategory(string Label, string LongLabel, IReadOnlyList<decimal> Values);
