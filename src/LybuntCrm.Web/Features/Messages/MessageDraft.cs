using LybuntCrm.Web.Domain;

namespace LybuntCrm.Web.Features.Messages;

/// <summary>
/// What the composer shows: the client, the contacts that have an email (<see cref="Recipients"/>), the one chosen, the
/// purpose and language, and the subject and text rendered from the template with the client's real values.
/// </summary>
public sealed record MessageDraft(int ClientId, string ClientName, bool DoNotContact, int? FollowUpId, IReadOnlyList<MessageRecipient> Recipients,
    MessageRecipient? Recipient, TemplateKind Kind, string Language, string Subject, string Body);
