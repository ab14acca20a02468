using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Today;

namespace LybuntCrm.Web.Features.Digest;

/// <summary>
/// A manager whose digest is due: their local date is the digest's date. It goes by email when <see cref="ByEmail"/>, and to
/// their Telegram chat when <see cref="TelegramChatId"/> is set.
/// </summary>
public sealed record DigestRecipient(string UserId, string Email, string DisplayName, string Culture, string TimeZoneId, DateOnly LocalDate,
    bool UseSolarHijri = false, long? TelegramChatId = null, bool ByEmail = true);

public sealed record PlannedItem(int FollowUpId, int ClientId, string ClientName, FollowUpKind Kind, StoredReason Reason, DateOnly DueOn,
    Reach Reach, string? ContactName, DateOnly? LastAttemptOn, DateOnly? LastReachedOn);

public sealed record OccasionItem(int FollowUpId, int ClientId, string ClientName, StoredReason Reason, DateOnly DueOn);

public sealed record FlaggedItem(int ClientId, string ClientName, decimal RevenueAtRisk, DateOnly FlaggedOn);

public sealed record ReviewItem(int ClientId, string ClientName, StoredReason Reason, DateOnly DueOn);

public sealed record HandoffItem(int ClientId, string ClientName, string FromName, string Note, DateTime CreatedAtUtc);

/// <summary>A mailbox whose sync has failed <see cref="Failures"/> times in a row: the recipient's own, or the team's (for admins).</summary>
public sealed record MailboxAlert(bool TeamMailbox, int Failures, MailboxProblem Problem);

/// <summary>Everything one manager's digest says. Lists are capped for the email; each has its uncapped count beside it.</summary>
public sealed record DigestContent(
    DigestRecipient Recipient,
    IReadOnlyList<PlannedItem> Planned,
    int OverdueCount,
    IReadOnlyList<OccasionItem> Occasions,
    int OccasionsCount,
    IReadOnlyList<FlaggedItem> NewlyFlagged,
    int NewlyFlaggedCount,
    decimal NewlyFlaggedRevenue,
    IReadOnlyList<ReviewItem> ReviewsDue,
    int ReviewsDueCount,
    IReadOnlyList<HandoffItem> HandoffsWaiting,
    int HandoffsWaitingCount,
    string? HouseCurrency = null,
    IReadOnlyList<MailboxAlert>? MailboxAlerts = null,
    string? PhoneRegion = null)
{
    public IReadOnlyList<MailboxAlert> MailboxAlerts { get; init; } = MailboxAlerts ?? [];

    /// <summary>The section from the manager's chosen view; null when none is chosen. Not work due, so it leaves <see cref="IsEmpty"/> alone.</summary>
    public ViewSection? View { get; init; }

    public bool IsEmpty => Planned.Count == 0 && OverdueCount == 0 && OccasionsCount == 0 && NewlyFlaggedCount == 0
        && ReviewsDueCount == 0 && HandoffsWaitingCount == 0 && MailboxAlerts.Count == 0;
}
