using LybuntCrm.Web.Domain;

namespace LybuntCrm.Web.Features.Clients.PersonalData;

/// <summary>Everything the CRM holds about one contact, as exported on a personal-data request.</summary>
public sealed record ContactDataExport(
    Contact Contact,
    string ClientName,
    IReadOnlyList<ContactDataExport.TouchRow> Touchpoints,
    IReadOnlyList<ContactDataExport.TouchRow> SyncedMessages,
    IReadOnlyList<ContactDataExport.KeyDateRow> KeyDates,
    IReadOnlyList<ContactDataExport.FollowUpRow> FollowUps,
    IReadOnlyList<ContactDataExport.MessageRow> MessagesSent,
    IReadOnlyList<ContactDataExport.AuditRow> AuditEntries)
{
    public sealed record TouchRow(int Id, DateOnly OccurredOn, Channel Channel, Direction Direction, TouchpointOutcome Outcome, string? Subject, string? Summary);

    public sealed record KeyDateRow(int Id, KeyDateKind Kind, DateOnly Date, string? Label);

    public sealed record FollowUpRow(int Id, FollowUpKind Kind, DateOnly DueOn, FollowUpStatus Status, string Reason, string? ClosedReason);

    public sealed record MessageRow(int Id, OutboxChannel Channel, string Recipient, string? RecipientName, string Subject, string TextBody, EmailStatus Status, DateTime CreatedAtUtc);

    public sealed record AuditRow(long Id, DateTime AtUtc, string? UserEmail, string Action, string? EntityType, string? EntityId, string? Detail);
}
