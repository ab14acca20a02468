namespace LybuntCrm.Web.Features.Shared.Charts;

/// <summary>What a chart's values are, so they are shown as the reader writes them (<c>F.Amount</c> or <c>F.Number</c>).</summary>
public enum ChartValueKind
{
    /// <summary>Money without a currency, shown without decimals.</summary>
    Amount,
    /// <summary>Whole numbers: the axis has whole steps.</summary>
    Count,
}
