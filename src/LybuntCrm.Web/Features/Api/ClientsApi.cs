using System.Security.Claims;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Clients;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Changes;
using LybuntCrm.Web.Infrastructure.Formatting;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Api;

/// <summary>
/// <c>/api/v1/clients</c>: the list (the list page's search, filters and keyset cursor), one client with its
/// <c>ETag</c>, and an update that needs a matching <c>If-Match</c> and goes through <see cref="ClientChanges"/>.
/// </summary>
public static class ClientsApi
{
    public sealed record ClientSummary(int Id, string Name, string Status, string Stage, string? OwnerName,
        DateOnly? LastPurchaseOn, DateOnly? NextCheckInOn, string RetentionFlag);

    public sealed record ClientPage(IReadOnlyList<ClientSummary> Items, string? Next);

    public sealed record ClientDetail(int Id, string Name, string Status, string Stage, string OwnerId, string? ExternalId,
        int CadenceDays, string PreferredChannel, bool DoNotContact, string? Notes, DateOnly? FirstPurchaseOn, DateOnly? LastPurchaseOn,
        DateOnly? LastContactOn, DateOnly? NextCheckInOn, string RetentionFlag, ApiMoney LastYearTotal, DateTime CreatedAt);

    /// <summary>The fields an update may change; a field left out keeps its value.</summary>
    public sealed record ClientUpdate(string? Name, int? CadenceDays, string? PreferredChannel, string? Notes);

    public static RouteGroupBuilder MapClientsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/clients", ListAsync).WithName("ListClients");
        api.MapGet("/clients/{id:int}", GetAsync).WithName("GetClient");
        api.MapPatch("/clients/{id:int}", UpdateAsync).WithName("UpdateClient").RequireAuthorization(ApiSetup.WritePolicy);
        return api;
    }

    private static async Task<IResult> ListAsync(CrmDbContext db, ClaimsPrincipal user, string? search, ClientStatus? status,
        string? owner, string? after, int? limit, CancellationToken ct)
    {
        // A manager's token lists that manager's clients whatever owner it asks for.
        var ownerId = user.IsAdmin() ? owner : user.Id();
        var page = await ClientList.LoadAsync(db,
            new ClientListQuery(search, status, null, ownerId, ClientSort.Name, after, null, limit ?? ClientList.DefaultPageSize), ct);
        return TypedResults.Ok(new ClientPage(page.Rows.Select(r => new ClientSummary(r.Id, r.Name, r.Status.ToString(), r.Stage.ToString(),
            r.OwnerName, r.LastPurchaseOn, r.NextCheckInOn, r.RetentionFlag.ToString())).ToList(), page.NextCursor));
    }

    private static async Task<IResult> GetAsync(int id, CrmDbContext db, ClaimsPrincipal user, HttpContext http, HouseCurrency house, CancellationToken ct)
    {
        var client = await LoadAsync(db, user, id, house, ct);
        if (client is null) return ApiProblems.ClientNotFound();
        http.Response.Headers.ETag = ETagOf(client);
        return TypedResults.Ok(client);
    }

    private static async Task<IResult> UpdateAsync(int id, ClientUpdate input, CrmDbContext db, ClaimsPrincipal user, HttpContext http,
        ClientChanges changes, Audit audit, HouseCurrency house, CancellationToken ct)
    {
        var current = await LoadAsync(db, user, id, house, ct);
        if (current is null) return ApiProblems.ClientNotFound();
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (string.IsNullOrEmpty(ifMatch))
            return TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match required",
                detail: "Send the ETag of the client you read as If-Match, so a change made since is not overwritten.");
        if (ifMatch != "*" && ifMatch != ETagOf(current))
            return TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "The client changed",
                detail: "The client was changed since you read it; read it again and repeat the update.");

        // The edit page's rules and messages.
        var errors = new Dictionary<string, string[]>();
        var name = input.Name is null ? null : TextInput.Clean(input.Name) ?? "";
        if (name is { Length: 0 }) errors["name"] = ["Enter the client's name."];
        if (input.CadenceDays is < Client.MinCadenceDays or > Client.MaxCadenceDays) errors["cadenceDays"] = ["Choose a check-in cadence between 7 and 730 days."];
        Channel? channel = null;
        if (input.PreferredChannel is { } channelText)
        {
            if (Enum.TryParse<Channel>(channelText, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)) channel = parsed;
            else errors["preferredChannel"] = ["Choose a channel."];
        }
        if (errors.Count > 0) return ApiProblems.Validation(errors);

        await db.InTransactionAsync(async () =>
        {
            var client = await db.Clients.FirstAsync(c => c.Id == id, ct);
            if (name is not null) client.Name = name;
            if (input.CadenceDays is { } cadence) client.CadenceDays = cadence;
            if (channel is { } preferred) client.PreferredChannel = preferred;
            if (input.Notes is not null) client.Notes = TextInput.Clean(input.Notes, multiline: true);
            await db.SaveChangesAsync(ct);
            await ClientAccess.RefreshSearchTextAsync(db, id, ct);
            audit.Record("client.updated", nameof(Client), id, "api");
            await db.SaveChangesAsync(ct);
            await changes.ClientEditedAsync(id, ct);
        }, ct);

        var updated = (await LoadAsync(db, user, id, house, ct))!;
        http.Response.Headers.ETag = ETagOf(updated);
        return TypedResults.Ok(updated);
    }

    /// <summary>The client as the API shows it, or null when it does not exist or the token may not see it.</summary>
    public static async Task<ClientDetail?> LoadAsync(CrmDbContext db, ClaimsPrincipal user, int id, HouseCurrency house, CancellationToken ct)
    {
        var c = await db.Clients.AsNoTracking().Where(c => c.Id == id).Visible(user).FirstOrDefaultAsync(ct);
        if (c is null) return null;
        return new ClientDetail(c.Id, c.Name, c.Status.ToString(), c.Stage.ToString(), c.OwnerId, c.ExternalId, c.CadenceDays,
            c.PreferredChannel.ToString(), c.DoNotContact, c.Notes, c.FirstPurchaseOn, c.LastPurchaseOn, c.LastContactOn, c.NextCheckInOn,
            c.RetentionFlag.ToString(), ApiMoney.Of(c.LastYearTotal, house.Code), c.CreatedAtUtc);
    }

    /// <summary>A strong validator of everything the client's representation shows: any change to it gives a new tag.</summary>
    public static string ETagOf(ClientDetail client) => ApiETag.Of(client);
}
