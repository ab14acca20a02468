namespace LybuntCrm.Web.Features.Shared.Charts;

/// <summary>Where one series' part of a bar is drawn: its series index, top and height.</summary>
public sealed record ChartSegmentPlace(int Series, double Y, double Height);
