namespace LybuntCrm.Web.Features.Clients;

/// <summary>
/// One client as a line of an export: the client list's columns and what a spreadsheet user adds to them. Codes (status,
/// stage, channel, flag) are the invariant names the import reads, so a file means the same in every language; dates are
/// dates and amounts are numbers. The property order is the column order.
/// </summary>
public sealed record ClientExportRow(
    string? ExternalId,
    string Name,
    string Status,
    string Stage,
    string? Owner,
    string PreferredChannel,
    string? ContactName,
    string? ContactEmail,
    string? ContactPhone,
    DateOnly? LastPurchaseOn,
    DateOnly? LastReachedOn,
    DateOnly? NextCheckInOn,
    string Retention,
    decimal RevenueThisYear,
    decimal RevenueLastYear,
    DateOnly CreatedOn,
    string Tags);
