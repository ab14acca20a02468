namespace LybuntCrm.Web.Features.Clients;

/// <summary>One of the LYBUNT page's lists, for one owner or everyone: "all that match" there.</summary>
public sealed record LybuntListFilter(Lybunt.LybuntList List, string? Owner);
