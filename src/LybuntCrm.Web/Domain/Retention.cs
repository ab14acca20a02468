namespace LybuntCrm.Web.Domain;

/// <summary>
/// The names around LYBUNT and SYBUNT that pages and jobs share. The rule itself (docs/lybunt.md) runs as SQL in
/// <c>LybuntFlagJob</c>, for every client at night and for one client or a few on every change; the tests hold an
/// independent C# form of it as their oracle (tests/Shared/RetentionOracle.cs).
/// </summary>
public static class Retention
{
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

    /// <summary>The English label, the value in exports (pages show <c>EnumLabels</c>).</summary>
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
