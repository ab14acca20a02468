namespace LybuntCrm.Web.Features.Clients;

/// <summary>The clients a bulk action is for: the ticked rows, or every client matching the list's search and filters.</summary>
public sealed record BulkSelection(IReadOnlyList<int> Ids, ClientListQuery? AllMatching = null);
