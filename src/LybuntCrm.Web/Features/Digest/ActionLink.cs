namespace LybuntCrm.Web.Features.Digest;

/// <summary>
/// What a signed one-click link says: which follow-up, what to do, for whom, until when, and its own random id (what
/// <see cref="Domain.ActionLinkUse"/> records, so the link works once).
/// </summary>
public sealed record ActionLink(int FollowUpId, LinkAction Action, string UserId, string LinkId, DateTime ExpiresAtUtc);
