namespace LybuntCrm.Web.Features.Clients;

/// <summary>A saved view as the list's sidebar shows it: whose it is, whether the team shares it, and the address it opens.</summary>
public sealed record SavedViewRow(int Id, string Name, bool IsShared, bool IsMine, string OwnerName, string Query);
