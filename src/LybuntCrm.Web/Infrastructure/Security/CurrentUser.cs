using System.Security.Claims;
using LybuntCrm.Web.Domain;

namespace LybuntCrm.Web.Infrastructure.Security;

public static class CurrentUser
{
    public static string Id(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("No signed-in user.");

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(Roles.Admin);

    /// <summary>Managers change only the clients they own; admins change all.</summary>
    public static bool CanChange(this ClaimsPrincipal user, Client client) => user.IsAdmin() || client.OwnerId == user.Id();

    public static bool CanChangeClientOwnedBy(this ClaimsPrincipal user, string ownerId) => user.IsAdmin() || ownerId == user.Id();
}
