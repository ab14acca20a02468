using System.Security.Claims;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Security;

namespace LybuntCrm.Web.Features.Api;

/// <summary>The clients a token may see: an admin's token every client, a manager's token that manager's clients only.</summary>
public static class ApiClientScope
{
    public static IQueryable<Client> Visible(this IQueryable<Client> clients, ClaimsPrincipal user)
    {
        if (user.IsAdmin()) return clients;
        var me = user.Id();
        return clients.Where(c => c.OwnerId == me);
    }

    public static bool CanSee(this ClaimsPrincipal user, string ownerId) => user.IsAdmin() || ownerId == user.Id();

    /// <summary>False when there is no such client or it is someone else's: the API answers 404 to both.</summary>
    public static async Task<bool> SeesClientAsync(this CrmDbContext db, ClaimsPrincipal user, int clientId, CancellationToken ct) =>
        await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(
            db.Clients.Where(c => c.Id == clientId).Visible(user), ct);
}
