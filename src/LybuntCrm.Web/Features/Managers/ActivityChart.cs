using LybuntCrm.Web.Features.Shared.Charts;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Managers;

/// <summary>Touches per week as a bar chart: per week one bar, reached at the bottom, then no answer, then the rest.</summary>
public static class ActivityChart
{
    public static BarChart ToBarChart(IReadOnlyList<WeekTouches> weeks, string title, IStringLocalizer t, DisplayFormat format)
    {
        ChartSeries[] series = [new(t["Reached"], "tone-green"), new(t["No answer"], "tone-amber"), new(t["Other outcome"], "tone-grey")];
        var categories = weeks.Select(w => new ChartCategory(format.DayMonth(w.Start), t["Week of {0}", format.Date(w.Start)],
            [w.Reached, w.NoAnswer, w.Other])).ToList();
        return new BarChart(title, t["Week"], t["Touches"], series, categories, ChartValueKind.Count,
            t["No touches logged in these weeks."], "activity-chart");
    }
}
