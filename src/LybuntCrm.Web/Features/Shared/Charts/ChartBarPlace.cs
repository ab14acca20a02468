namespace LybuntCrm.Web.Features.Shared.Charts;

/// <summary>
/// Where one bar (a stack of series) of a category is drawn: the series it stacks, its left edge and width, its segments
/// bottom up, and the column around it that answers the pointer and shows the keyboard focus.
/// </summary>
public sealed record ChartBarPlace(IReadOnlyList<int> Series, double X, double Width, IReadOnlyList<ChartSegmentPlace> Segments,
    double HitX, double HitWidth);
