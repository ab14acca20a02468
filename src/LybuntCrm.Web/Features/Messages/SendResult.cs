using LybuntCrm.Web.Infrastructure.Changes;

namespace LybuntCrm.Web.Features.Messages;

/// <summary>The result of a Send: the outcome, and for a message sent, its Message-ID and what its touch did to the client's work.</summary>
public sealed record SendResult(SendOutcome Outcome, string? MessageId = null, ClientChanges.TouchOutcome? Touch = null, int Limit = 0);
