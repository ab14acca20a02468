using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Today;

/// <summary>How to reach the person a follow-up is about.</summary>
public sealed record FollowUpContact(int Id, string Name, string? Phone, string? Email, Channel? PreferredChannel,
    string? ZaloPhone = null, string? TelegramUsername = null, string? WhatsAppPhone = null);

/// <summary>
/// Whom a follow-up is about: the contact it names (a contact's birthday), else the client's primary contact, else the
/// client's first contact. Today and the daily digest both read it here, so the email and the page show the same person.
/// </summary>
public sealed class FollowUpContacts
{
    private readonly Dictionary<int, FollowUpContact> _byId;
    private readonly Dictionary<int, FollowUpContact> _firstOfClient;
    private readonly HashSet<int> _withEmail;

    private FollowUpContacts(Dictionary<int, FollowUpContact> byId, Dictionary<int, FollowUpContact> firstOfClient, HashSet<int> withEmail)
    {
        _byId = byId;
        _firstOfClient = firstOfClient;
        _withEmail = withEmail;
    }

    /// <summary>The contacts of these clients, in one query.</summary>
    public static async Task<FollowUpContacts> LoadAsync(CrmDbContext db, IEnumerable<int> clientIds, CancellationToken ct)
    {
        var ids = clientIds.Distinct().ToList();
        var contacts = ids.Count == 0
            ? []
            : await db.Contacts.AsNoTracking().Where(c => ids.Contains(c.ClientId))
                .OrderByDescending(c => c.IsPrimary).ThenBy(c => c.Id)
                .Select(c => new { c.ClientId, Contact = new FollowUpContact(c.Id, c.Name, c.Phone, c.Email, c.PreferredChannel, c.ZaloPhone, c.TelegramUsername, c.WhatsAppPhone) })
                .ToListAsync(ct);
        return new FollowUpContacts(
            contacts.ToDictionary(c => c.Contact.Id, c => c.Contact),
            contacts.GroupBy(c => c.ClientId).ToDictionary(g => g.Key, g => g.First().Contact),
            contacts.Where(c => MailAddressRules.IsValidAddress(c.Contact.Email)).Select(c => c.ClientId).ToHashSet());
    }

    /// <summary>True when some contact of the client has an email address: a message can be written to them.</summary>
    public bool AnyEmail(int clientId) => _withEmail.Contains(clientId);

    public FollowUpContact? For(int clientId, int? contactId) =>
        contactId is { } id && _byId.TryGetValue(id, out var named) ? named : _firstOfClient.GetValueOrDefault(clientId);

    /// <summary>
    /// How to reach that person: their preferred channel, else the client's, with their phone and email and the client's
    /// postal address (letters go to the client).
    /// </summary>
    public Reach ReachFor(int clientId, int? contactId, Channel clientChannel, string? postalAddress)
    {
        var contact = For(clientId, contactId);
        return Reach.Of(contact?.PreferredChannel ?? clientChannel, contact?.Phone, contact?.Email, postalAddress,
            contact?.ZaloPhone, contact?.TelegramUsername, contact?.WhatsAppPhone);
    }
}
