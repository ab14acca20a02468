using System.Security.Claims;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Clients.Duplicates;
using Microsoft.Extensions.DependencyInjection;

namespace LybuntCrm.IntegrationTests.Features.Clients.Duplicates;

/// <summary>Clients with contacts, the scan and the merge as the app runs them, and a signed-in user for the services.</summary>
public static class DuplicateSeed
{
    public static Task<int> ClientAsync(CrmApp app, string name, string ownerId, string? phone = null, string? email = null,
        Action<Client>? shape = null) =>
        app.WithDbAsync(db => db.AddClientAsync(name, ownerId, c =>
        {
            if (phone is not null || email is not null)
                c.Contacts.Add(new Contact { Name = "Contact of " + name, Phone = phone, Email = email, IsPrimary = true });
            shape?.Invoke(c);
        }));

    public static Task<DuplicateScan.Outcome> ScanAsync(CrmApp app) =>
        app.WithServicesAsync(sp => sp.GetRequiredService<DuplicateScan>().RunAsync());

    public static Task<MergeOutcome> MergeAsync(CrmApp app, int keep, int absorb, ClaimsPrincipal user, params string[] takeFromAbsorbed) =>
        app.WithServicesAsync(sp => sp.GetRequiredService<ClientMerger>().MergeAsync(keep, absorb, takeFromAbsorbed.ToHashSet(), user));

    public static Task<MergeOutcome> UndoAsync(CrmApp app, int mergeId, ClaimsPrincipal user) =>
        app.WithServicesAsync(sp => sp.GetRequiredService<ClientMerger>().UndoAsync(mergeId, user));

    public static ClaimsPrincipal User(string id, string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Role, role)], "test"));
}
