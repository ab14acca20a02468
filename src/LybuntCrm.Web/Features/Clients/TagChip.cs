namespace LybuntCrm.Web.Features.Clients;

/// <summary>A tag as a chip on a client: its id (to remove it) and its name (to show it and to filter the list by it).</summary>
public sealed record TagChip(int Id, string Name);
