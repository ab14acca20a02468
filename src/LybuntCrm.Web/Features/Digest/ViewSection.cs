namespace LybuntCrm.Web.Features.Digest;

/// <summary>
/// The digest's section from the saved view the manager chose: its first clients in the view's order, among the manager's
/// own clients, and how many there are (up to the list's count cap).
/// </summary>
public sealed record ViewSection(int ViewId, string Name, int Count, IReadOnlyList<(int Id, string Name)> Clients);
