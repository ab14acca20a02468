using System.Security.Claims;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Changes;
using LybuntCrm.Web.Infrastructure.Formatting;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Clients;

/// <summary>
/// The rules and the save of a client's form, shared by the create and edit page and the API, so a client is checked
/// and stored the same way (and with the same messages) whichever way it arrives.
/// </summary>
public sealed class ClientForm(CrmDbContext db, IClock clock, Audit audit, ClientChanges changes, IStringLocalizer<SharedResource> t, DisplayFormat f)
{
    /// <summary>What the checks settled: the owner, and the email domain in the form mailbox sync compares.</summary>
    public sealed record Checked(string OwnerId, string? EmailDomain);

    /// <summary>
    /// Cleans the input and checks the rules beyond its attributes; each error goes to <paramref name="error"/> with the
    /// name of the <see cref="EditModel.ClientInput"/> property it is about.
    /// </summary>
    public async Task<Checked> CheckAsync(EditModel.ClientInput input, Client? client, ClaimsPrincipal user, Action<string, string> error,
        CancellationToken ct)
    {
        input.Name = TextInput.Clean(input.Name) ?? "";
        input.ExternalId = TextInput.Clean(input.ExternalId);
        input.DoNotContactReason = TextInput.Clean(input.DoNotContactReason);
        input.Notes = TextInput.Clean(input.Notes, multiline: true);
        input.PostalAddress = TextInput.Lines(input.PostalAddress);
        if (input.PostalAddress is { Length: > Client.PostalAddressMaxLength })
            error(nameof(input.PostalAddress), t["Keep the postal address under 500 characters."]);
        if (input.Name.Length == 0) error(nameof(input.Name), t["Enter the client's name."]);

        // Owner: admins choose anyone active for a new client; managers create for themselves. An existing client
        // changes hands only through a transfer with a hand-off note.
        var ownerId = client?.OwnerId ?? (user.IsAdmin() && !string.IsNullOrEmpty(input.OwnerId) ? input.OwnerId : user.Id());
        if (user.IsAdmin() && !await db.Users.AnyAsync(u => u.Id == ownerId && (u.IsActive || (client != null && client.OwnerId == ownerId)), ct))
            error(nameof(input.OwnerId), t["Choose an active user as owner."]);

        if (input.DoNotContact && input.DoNotContactReason is null)
            error(nameof(input.DoNotContactReason), t["Say why this client must not be contacted."]);
        var id = client?.Id ?? 0;
        if (input.ExternalId is { } ext && await db.Clients.AnyAsync(c => c.ExternalId == ext && c.Id != id, ct))
            error(nameof(input.ExternalId), t["Another client already has the external id {0}.", ext]);
        if (input.ReferredById is { } referrer)
        {
            if (referrer == id) error(nameof(input.ReferredById), t["A client cannot refer itself."]);
            else if (!await db.Clients.AnyAsync(c => c.Id == referrer, ct))
                error(nameof(input.ReferredById), t["There is no client number {0}.", f.Id(referrer)]);
        }
        var emailDomain = CheckEmailDomain(input, error);
        if (!Enum.IsDefined(input.Status)) error(nameof(input.Status), t["Choose a status."]);
        if (!Enum.IsDefined(input.Stage)) error(nameof(input.Stage), t["Choose a lifecycle stage."]);
        if (!Enum.IsDefined(input.PreferredChannel)) error(nameof(input.PreferredChannel), t["Choose a channel."]);
        return new Checked(ownerId, emailDomain);
    }

    /// <summary>The message when another client took the external id between the check and the save.</summary>
    public string ExternalIdTaken(string externalId) => t["Another client already has the external id {0}.", externalId];

    /// <summary>
    /// Creates the client (<paramref name="client"/> null) or stores the edit, and lets <see cref="ClientChanges"/> follow,
    /// in the caller's transaction or its own. Null when the external id was taken meanwhile (nothing is saved then).
    /// </summary>
    public async Task<Client?> SaveAsync(Client? client, EditModel.ClientInput input, Checked check, string userId, string? auditDetail,
        CancellationToken ct)
    {
        var isNew = client is null;
        if (client is null)
        {
            client = new Client { CreatedOn = clock.Today, CreatedAtUtc = clock.UtcNow };
            db.Clients.Add(client);
        }
        client.Name = input.Name;
        client.Status = input.Status;
        if (isNew) client.Stage = input.Stage;
        else Lifecycle.ChangeStage(db, client, input.Stage, userId, clock.UtcNow);
        client.OwnerId = check.OwnerId;
        client.CadenceDays = input.CadenceDays;
        client.PreferredChannel = input.PreferredChannel;
        client.DoNotContact = input.DoNotContact;
        client.DoNotContactReason = input.DoNotContact ? input.DoNotContactReason : null;
        client.ExternalId = input.ExternalId;
        client.EmailDomain = check.EmailDomain;
        client.ReferredById = input.ReferredById;
        client.ExpectedValue = input.ExpectedValue;
        client.AcquisitionCost = input.AcquisitionCost;
        client.PostalAddress = input.PostalAddress;
        client.Notes = input.Notes;
        if (client.Status == ClientStatus.LetGo) client.LetGoOn ??= clock.Today;
        else client.LetGoOn = null;

        client.SearchText = await ClientAccess.SearchTextAsync(db, isNew ? null : client.Id, client.Name, client.ExternalId, ct);

        return await db.InTransactionAsync(async () =>
        {
            // Inside a transaction EF Core saves behind a savepoint, so a lost race on the external id leaves the
            // caller's transaction usable (PostgreSQL would otherwise abort it at the failed statement).
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException) when (input.ExternalId is not null)
            {
                db.ChangeTracker.Clear();
                return null;
            }
            audit.Record(isNew ? "client.created" : "client.updated", nameof(Client), client.Id, auditDetail);
            await db.SaveChangesAsync(ct);
            await (isNew ? changes.ClientCreatedAsync(client.Id, ct) : changes.ClientEditedAsync(client.Id, ct));
            return client;
        }, ct);
    }

    /// <summary>
    /// The client's email domain in the form mailbox sync compares (ASCII, lower case), or null. A free-mail domain is
    /// refused: anyone has an address there, so every stranger's mail would land on this client.
    /// </summary>
    private string? CheckEmailDomain(EditModel.ClientInput input, Action<string, string> error)
    {
        input.EmailDomain = TextInput.Clean(input.EmailDomain);
        if (input.EmailDomain is not { } typed) return null;
        var domain = EmailAddresses.NormalizeDomain(typed);
        if (domain is null)
            error(nameof(input.EmailDomain), t["Enter a domain such as example.vn: the part of the address after @."]);
        else if (EmailAddresses.IsFreeMail(domain))
            error(nameof(input.EmailDomain), t["{0} is a free-mail domain that anyone can use, so it cannot tell this client's mail apart. Add the people who write from it as contacts instead.", Bidi.Isolate(EmailAddresses.UnicodeDomain(domain))]);
        else return domain;
        return null;
    }
}
