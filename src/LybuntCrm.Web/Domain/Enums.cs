namespace LybuntCrm.Web.Domain;

public enum ClientStatus { Prospect, Client, Disqualified, LetGo }

public enum LifecycleStage { Aware, Interested, Considering, Purchased, Satisfied, Loyal, Advocate }

public enum Channel { Phone, Email, Letter, Meeting, Zalo, Telegram, WhatsApp }

public enum Direction { Outbound, Inbound }

public enum TouchpointOutcome { Reached, NoAnswer, LeftMessage, ProposalSent, Postponed, NoShow, Declined, Other }

public enum PurchaseStatus { Completed, Cancelled }

public enum KeyDateKind { Birthday, CustomerSince, ProjectDelivered, Custom }

public enum FollowUpKind { CheckIn, Occasion, WinBack, ProspectReview, Custom }

public enum FollowUpStatus { Open, Done, Snoozed, Dismissed }

/// <summary>Whether a client bought last year but not this year (LYBUNT) or some earlier year only (SYBUNT).</summary>
public enum RetentionFlag { None, Lybunt, Sybunt }

public enum ReviewDecision { KeepPursuing, Revisit, Disqualify }

public enum DisqualifyReason { IdeaTaker, AlwaysDelaying, TooCostly, Abusive, Other }

public enum EmailStatus { Pending, Sending, Sent, Failed }

/// <summary>Where an outbox message goes: an email server, or the Telegram Bot API.</summary>
public enum OutboxChannel { Email, Telegram }

/// <summary>A Today action that can be undone.</summary>
public enum FollowUpUndoAction { Done, Snooze, Dismiss }

/// <summary>What a bulk change on the client list does.</summary>
/// <remarks>Stored by name: new actions go at the end.</remarks>
public enum BulkEditAction { Reassign, SetCadence, SetChannel, DoNotContact, SetStage, LetGo, SnoozeFollowUps, DismissFollowUps, Disqualify, AddTag, RemoveTag }

/// <summary>How a manager's daily list reaches them.</summary>
public enum DigestDelivery { Email, Telegram, Both }

public enum ImportKind { Clients, Purchases }

public enum ImportStatus { Pending, DryRun, Running, Completed, Failed, Interrupted, Undone }

/// <summary>How a touch came in: typed by a person, or read from a connected mailbox.</summary>
public enum TouchpointSource { Manual, Mailbox }

/// <summary>How the connection to a mailbox server is secured.</summary>
public enum MailSecurity { None, SslOnConnect, StartTls }

/// <summary>Why the last sync of a mailbox failed, in words a manager can act on.</summary>
public enum MailboxProblem { None, Unreachable, PasswordRefused, CertificateNotTrusted, FolderMissing, ServerError, PasswordUnreadable }

/// <summary>What a message to a client is for: one template per purpose and language.</summary>
public enum TemplateKind { CheckIn, Birthday, CustomerSince, ProjectSixMonths, ProjectAnniversary, WinBack, ThankYou, ReferralAsk, ProspectFollowUp }
