namespace LybuntCrm.Web.Features.Shared.Charts;

/// <summary>
/// One kind of value on a bar chart: its name (legend, table header, the bars' labels), its colour as a CSS tone class of
/// site.css (<c>tone-blue</c>, <c>tone-green</c>, <c>tone-grey</c>, <c>tone-red</c>) and the bar it is stacked in: series
/// with the same <paramref name="Stack"/> are drawn on top of each other, each stack is a bar of its own in a category.
/// </summary>
public sealed record ChartSeries(string Name, string Tone, int Stack = 0);
