using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;

namespace LybuntCrm.IntegrationTests.Features.Clients;

/// <summary>Adds clients straight to the database, with their search text, for tests that need data to look at.</summary>
public static class ClientBuilder
{
    public static async Task<int> AddClientAsync(this CrmDbContext db, string name, string ownerId, Action<Client>? shape = null)
    {
        var client = new Client { Name = name, OwnerId = ownerId, CreatedOn = new DateOnly(2026, 1, 1), CreatedAtUtc = DateTime.UtcNow };
        shape?.Invoke(client);
        client.SearchText = SearchText.ForClient(client.Name, client.ExternalId, client.Contacts.Select(c => (c.Name, c.Email, c.Phone)));
        db.Clients.Add(client);
        await db.SaveChangesAsync();
        await ClientFacts.RefreshAsync(db, client.Id);
        return client.Id;
    }
}
