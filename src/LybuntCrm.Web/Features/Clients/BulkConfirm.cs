namespace LybuntCrm.Web.Features.Clients;

/// <summary>What <c>_BulkConfirm</c> shows when a bulk action stopped: the outcome, the submission to send again, and the page's fields.</summary>
public sealed record BulkConfirm(BulkEditOutcome Stopped, BulkForm Form, string PostTo, IReadOnlyDictionary<string, string?> Hidden, string CancelUrl);
