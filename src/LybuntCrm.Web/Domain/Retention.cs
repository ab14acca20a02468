namespace LybuntCrm.Web.Domain;

/// <summary>A purchase as the retention rules see it.</summary>
public readonly record struct PurchaseFact(DateOnly Date, decimal Amount, PurchaseStatus Status = PurchaseStatus.Completed);

/// <summary>Where a client stands on a given day: its list, the revenue at risk and its last purchase.</summary>
public readonly record struct RetentionStanding(RetentionFlag Flag, decimal RevenueAtRisk, DateOnly? LastPurchaseAsOf);

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
/// <c>LybuntFlagJob</c> computes exactly this in SQL; an integration test checks the two agree.
/// </summary>
public static class Retention
{
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

    /// <summary>The source key of a client's win-back follow-up for a fiscal year: one per client per year.</summary>
    public static string WinBackKey(int clientId, int fiscalYear) => $"winback:{clientId}:{fiscalYear}";

    // How a win-back was closed: the codes kept in FollowUp.ClosedReasonCode (older rows hold them in ClosedReason), which
    // WinBackStatus reads and the pages render in the reader's language.
    public const string RecoveredReason = "recovered";
    public const string ContactedReason = "contacted";
    public const string LetGoReason = "let go";
    public const string NoLongerAtRiskReason = "no longer at risk";
}

/// <summary>What has become of a flagged client's win-back, as the LYBUNT page and export show it.</summary>
public enum WinBackState { None, Open, Snoozed, Contacted, Recovered, LetGo, DoNotContact }

public static class WinBackStatus
{
    public static WinBackState Of(ClientStatus clientStatus, bool doNotContact, bool recovered, FollowUpStatus? followUp, string? closedReason)
    {
        if (clientStatus == ClientStatus.LetGo) return WinBackState.LetGo;
        if (recovered || closedReason == Retention.RecoveredReason) return WinBackState.Recovered;
        return followUp switch
        {
            FollowUpStatus.Open => WinBackState.Open,
            FollowUpStatus.Snoozed => WinBackState.Snoozed,
            FollowUpStatus.Done => WinBackState.Contacted,
            FollowUpStatus.Dismissed when closedReason == Retention.LetGoReason => WinBackState.LetGo,
            _ => doNotContact ? WinBackState.DoNotContact : WinBackState.None,
        };
    }

    /// <summary>The localization key shown on pages (some states share their text with other pages' keys).</summary>
    public static string DisplayKey(WinBackState state) => state switch
    {
        WinBackState.Recovered => "Recovered",
        WinBackState.LetGo => "Let go",
        WinBackState.DoNotContact => "Do not contact",
        _ => Label(state),
    };

    /// <summary>The English label, the value in exports.</summary>
    public static string Label(WinBackState state) => state switch
    {
        WinBackState.Open => "open",
        WinBackState.Snoozed => "snoozed",
        WinBackState.Contacted => "contacted",
        WinBackState.Recovered => "recovered",
        WinBackState.LetGo => "let go",
        WinBackState.DoNotContact => "do not contact",
        _ => "no win-back",
    };
}
