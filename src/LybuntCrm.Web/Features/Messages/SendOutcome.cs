namespace LybuntCrm.Web.Features.Messages;

/// <summary>What pressing Send did: sent, already sent by an earlier press of the same form, or refused and why.</summary>
public enum SendOutcome { Sent, AlreadySent, DoNotContact, NoEmail, Bounced, DailyLimit, NotFound }
