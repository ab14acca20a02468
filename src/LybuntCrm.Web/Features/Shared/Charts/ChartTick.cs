namespace LybuntCrm.Web.Features.Shared.Charts;

/// <summary>A grid line of a bar chart: the value it marks and its height in the drawing.</summary>
public sealed record ChartTick(decimal Value, double Y);
