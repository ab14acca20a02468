using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Mailboxes;

/// <summary>
/// Finds the clients a batch of messages is with: a contact's address among the sender or recipients, or the client's own
/// email domain (never a free-mail domain). Contacts excluded from sync match nothing. Two queries per batch, on indexes.
/// </summary>
public sealed class MessageMatcher(CrmDbContext db)
{
    /// <summary>A client a message is with, the contact it went to or came from (when known), and which way it went.</summary>
    public sealed record Match(int ClientId, int? ContactId, Direction Direction);

    private sealed record ContactRow(int Id, int ClientId, string Email, bool Excluded);

    public async Task<IReadOnlyDictionary<SyncedMessage, IReadOnlyList<Match>>> MatchAsync(IReadOnlyList<SyncedMessage> messages, CancellationToken ct)
    {
        var addresses = messages.SelectMany(m => m.Addresses).Distinct().ToList();
        var typedForms = addresses.Concat(addresses.Select(EmailAddresses.UnicodeForm)).Distinct().ToList();
        var contactRows = await db.Contacts.AsNoTracking()
            .Where(c => c.Email != null && typedForms.Contains(c.Email.ToLower()))
            .Select(c => new ContactRow(c.Id, c.ClientId, c.Email!, c.ExcludedFromSync))
            .ToListAsync(ct);
        var contactsByAddress = contactRows
            .Select(c => (Address: EmailAddresses.Normalize(c.Email), Row: c))
            .Where(x => x.Address is not null)
            .ToLookup(x => x.Address!, x => x.Row);
        var excluded = contactRows.Where(c => c.Excluded).Select(c => EmailAddresses.Normalize(c.Email)).OfType<string>().ToHashSet();

        var domains = addresses.Where(a => !excluded.Contains(a)).Select(EmailAddresses.DomainOf)
            .Where(d => !EmailAddresses.IsFreeMail(d)).Distinct().ToList();
        var clientsByDomain = (await db.Clients.AsNoTracking().Where(c => c.EmailDomain != null && domains.Contains(c.EmailDomain))
                .Select(c => new { c.Id, c.EmailDomain }).ToListAsync(ct)).ToLookup(c => c.EmailDomain!, c => c.Id);

        var result = new Dictionary<SyncedMessage, IReadOnlyList<Match>>();
        foreach (var message in messages)
        {
            // Per client: the contact it came from (inbound) and the contact it went to; inbound wins, as a client who
            // wrote to us was reached even if another of its contacts was only copied.
            var found = new Dictionary<int, (bool Inbound, int? FromContact, int? ToContact)>();
            void Add(string address, Direction direction)
            {
                if (excluded.Contains(address)) return;
                var inbound = direction == Direction.Inbound;
                foreach (var contact in contactsByAddress[address])
                {
                    var known = found.GetValueOrDefault(contact.ClientId);
                    found[contact.ClientId] = (known.Inbound || inbound, known.FromContact ?? (inbound ? contact.Id : null),
                        known.ToContact ?? (inbound ? null : contact.Id));
                }
                foreach (var clientId in clientsByDomain[EmailAddresses.DomainOf(address)])
                {
                    var known = found.GetValueOrDefault(clientId);
                    found[clientId] = known with { Inbound = known.Inbound || inbound };
                }
            }
            foreach (var address in message.From) Add(address, Direction.Inbound);
            foreach (var address in message.Recipients) Add(address, Direction.Outbound);
            var matches = found.Select(f => f.Value.Inbound
                ? new Match(f.Key, f.Value.FromContact ?? f.Value.ToContact, Direction.Inbound)
                : new Match(f.Key, f.Value.ToContact, Direction.Outbound)).ToList();
            if (matches.Count > 0) result[message] = matches;
        }
        return result;
    }
}
