namespace LybuntCrm.Web.Features.Clients;

/// <summary>The list a bulk action was taken on: it decides the actions offered and what "all that match" means.</summary>
public enum BulkOrigin { Clients, Today, Lybunt, Prospects }
