using LybuntCrm.Web.Domain;

namespace LybuntCrm.Web.Features.Messages;

/// <summary>
/// A message as the manager pressed Send: to one contact of a client, maybe answering a follow-up, with the form's
/// <see cref="Token"/> that makes a second press of the same form send nothing.
/// </summary>
public sealed record OutgoingMessage(int ClientId, int ContactId, int? FollowUpId, TemplateKind Kind, string Language, string Subject, string Body,
    string Token);
