namespace LybuntCrm.Web.Features.Shared.Charts;

/// <summary>Where a category is drawn: the middle of its label and its bars.</summary>
public sealed record ChartCategoryPlace(ChartCategory Category, double LabelX, IReadOnlyList<ChartBarPlace> Bars);
