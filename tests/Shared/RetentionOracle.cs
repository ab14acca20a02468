using LybuntCrm.Web.Domain;

namespace LybuntCrm.TestOracles;

/// <summary>
/// LYBUNT and SYBUNT, as of a day D in fiscal year Y (see docs/lybunt.md). Only completed purchases dated on or before D count
/// (a purchase dated after D has not happened yet as of D):
/// <list type="bullet">
/// <item>LYBUNT: the last counted purchase falls in Y-1 (so: bought in Y-1, nothing in Y up to D).</item>
/// <item>SYBUNT: the last counted purchase falls before Y-1 (bought some earlier year, nothing in Y-1 or Y).</item>
/// <item>Neither: no counted purchase at all, or one in Y.</item>
/// </list>
/// Both follow from the date of the last counted purchase alone, so the two lists can never overlap.
/// Revenue at risk: for LYBUNT the total of Y-1; for SYBUNT the total of the client's last buying fiscal year.
/// The test oracle: <c>LybuntFlagJob</c> computes this in SQL, and the tests check the two agree.
/// </summary>
public static class RetentionOracle
{
    /// <summary>A purchase as the retention rules see it.</summary>
    public readonly record struct PurchaseFact(DateOnly Date, decimal Amount, PurchaseStatus Status = PurchaseStatus.Completed);

    /// <summary>Where a client stands on a given day: its list, the revenue at risk and its last purchase.</summary>
    public readonly record struct RetentionStanding(RetentionFlag Flag, decimal RevenueAtRisk, DateOnly? LastPurchaseAsOf);

    public static RetentionFlag Classify(DateOnly? lastPurchaseAsOf, DateOnly asOf, int fiscalStartMonth)
    {
        var thisYear = FiscalYear.Containing(asOf, fiscalStartMonth);
        if (lastPurchaseAsOf is not { } last || last > asOf || last >= thisYear.Start) return RetentionFlag.None;
        return last >= thisYear.Previous.Start ? RetentionFlag.Lybunt : RetentionFlag.Sybunt;
    }

    public static RetentionStanding Evaluate(IEnumerable<PurchaseFact> purchases, DateOnly asOf, int fiscalStartMonth)
    {
        var counted = purchases.Where(p => p.Status == PurchaseStatus.Completed && p.Date <= asOf).ToList();
        DateOnly? last = counted.Count == 0 ? null : counted.Max(p => p.Date);
        var flag = Classify(last, asOf, fiscalStartMonth);
        var atRiskYear = flag switch
        {
            RetentionFlag.Lybunt => FiscalYear.Containing(asOf, fiscalStartMonth).Previous,
            RetentionFlag.Sybunt => FiscalYear.Containing(last!.Value, fiscalStartMonth),
            _ => (FiscalYear?)null,
        };
        var atRisk = atRiskYear is { } year ? counted.Where(p => year.Contains(p.Date)).Sum(p => p.Amount) : 0m;
        return new RetentionStanding(flag, atRisk, last);
    }
}
