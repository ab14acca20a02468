using AngleSharp.Dom;

namespace LybuntCrm.IntegrationTests.Features.Shared;

/// <summary>Reads a chart's table alternative and its bars, as a screen reader would get them.</summary>
public static class ChartTable
{
    /// <summary>The table's rows: the row header (a year, a week) and its cells, as shown.</summary>
    public static IReadOnlyDictionary<string, string[]> Rows(IDocument page, string chartTestId)
    {
        var table = page.QuerySelector($"[data-testid={chartTestId}] details table[data-testid={chartTestId}-table]")
                    ?? throw new InvalidOperationException($"No table under chart {chartTestId}");
        return table.QuerySelectorAll("tbody tr").ToDictionary(
            r => r.QuerySelector("th")!.TextContent.Trim(),
            r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray());
    }

    /// <summary>The column headers after the first.</summary>
    public static string[] Columns(IDocument page, string chartTestId) =>
        page.QuerySelectorAll($"[data-testid={chartTestId}-table] thead th").Skip(1).Select(h => h.TextContent.Trim()).ToArray();

    /// <summary>The accessible names of the chart's bars, each focusable from the keyboard.</summary>
    public static IReadOnlyList<string> Bars(IDocument page, string chartTestId)
    {
        var bars = page.QuerySelectorAll($"[data-testid={chartTestId}] svg .chart-bar").ToList();
        bars.Should().OnlyContain(b => b.GetAttribute("tabindex") == "0" && b.GetAttribute("role") == "img", "every bar takes the focus");
        return bars.Select(b => b.GetAttribute("aria-label")!).ToList();
    }
}
