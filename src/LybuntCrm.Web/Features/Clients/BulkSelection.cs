namespace LybuntCrm.Web.Features.Clients;

/// <summary>
/// The clients a bulk action is for: the ticked rows, every client matching the list's search and filters, every client on
/// a LYBUNT list, or the clients of the follow-ups ticked on Today (the follow-up actions then act on those follow-ups only).
/// </summary>
public sealed record BulkSelection(IReadOnlyList<int> Ids, ClientListQuery? AllMatching = null, IReadOnlyList<int>? FollowUpIds = null,
    LybuntListFilter? AllOnLybuntList = null);
