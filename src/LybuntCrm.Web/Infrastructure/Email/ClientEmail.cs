namespace LybuntCrm.Web.Infrastructure.Email;

/// <summary>
/// A message a manager wrote to a client's contact. <see cref="Kind"/> is the form's idempotency key, so the same form
/// posted twice is one row; replies go to <see cref="ReplyTo"/> (the manager), while From stays the app's address.
/// </summary>
public sealed record ClientEmail(string Recipient, string? RecipientName, string Kind, DateOnly ForDate, string Subject, string HtmlBody,
    string TextBody, string SentByUserId, string? ReplyTo, int ClientId, int ContactId, int? FollowUpId);
