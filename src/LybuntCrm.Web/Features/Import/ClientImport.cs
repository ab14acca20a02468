using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Clients.Duplicates;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Import;

/// <summary>
/// Creates or updates clients from the rows, a chunk of them per transaction. One client per external id, else per email,
/// else per name; existing clients are found the same way.
/// </summary>
internal sealed class ClientImport(ImportEngine engine, ImportOptions options, int? runId, string userId, bool commit, ImportOutcome outcome)
{
    private sealed record Row(int Number, string? ExternalId, string Name, string? ContactName, string? Email, string? Phone,
        DateOnly? Birthday, DateOnly? CustomerSince, string? OwnerId, Channel? Channel, string? PostalAddress, string? EmailDomain, string? Notes,
        int? ExistingId, string? ZaloPhone = null, string? TelegramUsername = null, string? WhatsAppPhone = null);

    private readonly CrmDbContext _db = engine.Db;
    private readonly ClientLookup _clients = new();
    private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);
    private readonly HashSet<int> _touched = [];
    private Dictionary<string, string> _owners = [];
    private string _phoneRegion = Phones.DefaultRegion;
    private readonly LikelyMatches _likely = new(engine.Db);
    private ClientNameBlocks? _names;
    /// <summary>The rows a dry run of this run found alike to existing clients, with the importer's choices, by row number.</summary>
    private Dictionary<int, ImportLikelyMatch> _choices = [];

    public async Task RunAsync(ImportRowSource rows, CancellationToken ct)
    {
        var existing = await _db.Clients.AsNoTracking()
            .Select(c => new { c.Id, c.ExternalId, c.Name, Email = c.Contacts.Where(x => x.IsPrimary).Select(x => x.Email).FirstOrDefault() })
            .ToListAsync(ct);
        foreach (var c in existing)
        {
            if (c.ExternalId is not null) _clients.AddExternalId(c.ExternalId, c.Id);
            if (c.Email is not null) _clients.AddEmail(c.Email, c.Id);
            _clients.AddName(c.Name, c.Id);
        }
        _owners = (await _db.Users.AsNoTracking().Where(u => u.Email != null).Select(u => new { u.Email, u.Id }).ToListAsync(ct))
            .GroupBy(u => ImportValues.NormaliseEmail(u.Email!)).ToDictionary(g => g.Key, g => g.First().Id);

        _phoneRegion = PhoneRegion.Read(await _db.GetSettingAsync(SettingKeys.DefaultPhoneRegion, ct));
        if (runId is not null)
            _choices = await _db.ImportLikelyMatches.AsNoTracking().Where(m => m.ImportRunId == runId).ToDictionaryAsync(m => m.Row, ct);
        _names = await ClientNameBlocks.ReadAsync(_db, ct);

        var reader = new ImportRowReader(options, outcome);
        var chunk = new List<Row>(engine.ClientChunkSize);
        while (rows.Next())
        {
            reader.Start(rows.Row, rows.Fields);
            var row = Parse(reader);
            if (reader.Finish() || row is null) continue;
            chunk.Add(row);
            if (chunk.Count >= engine.ClientChunkSize)
            {
                await FlushAsync(chunk, ct);
                chunk.Clear();
            }
        }
        await FlushAsync(chunk, ct);
        if (commit && _touched.Count > 0) await engine.AfterRowsAppliedAsync(ImportKind.Clients, _touched, ct);
    }

    private Row? Parse(ImportRowReader r)
    {
        var externalId = r.Text(ImportField.ExternalId, 100);
        var name = r.Text(ImportField.Name, 200);
        if (name is null && !r.HasFailed) r.Fail(ImportField.Name, ImportMessages.ClientNameEmpty);
        var contactName = r.Text(ImportField.ContactName, 200);
        var email = r.Email(ImportField.Email);
        var phone = r.Text(ImportField.Phone, 50);
        var birthday = r.Date(ImportField.Birthday);
        var since = r.Date(ImportField.CustomerSince);
        string? ownerId = null;
        if (r.Email(ImportField.Owner) is { } ownerEmail && !_owners.TryGetValue(ownerEmail, out ownerId))
            r.Warn(ImportField.Owner, ImportMessages.Format(ImportMessages.NoSuchOwner, ownerEmail));
        Channel? channel = null;
        if (r.Text(ImportField.PreferredChannel, 40) is { } channelText)
        {
            if (ImportValues.TryChannel(channelText, out var c)) channel = c;
            else r.Fail(ImportField.PreferredChannel, ImportMessages.Format(ImportMessages.NotAChannel, channelText));
        }
        var address = TextInput.Lines(r.Text(ImportField.PostalAddress, Client.PostalAddressMaxLength * 2, multiline: true));
        if (address is { Length: > Client.PostalAddressMaxLength }) r.Fail(ImportField.PostalAddress, ImportMessages.Format(ImportMessages.TooLong, Client.PostalAddressMaxLength));
        var domain = EmailDomain(r);
        var zalo = Phone(r, ImportField.Zalo);
        var whatsApp = Phone(r, ImportField.WhatsApp);
        string? telegram = null;
        if (r.Text(ImportField.Telegram, 100) is { } telegramText && !TelegramUsernames.TryNormalize(telegramText, out telegram!))
            r.Fail(ImportField.Telegram, ImportMessages.Format(ImportMessages.NotATelegramUsername, telegramText));
        var notes = r.Text(ImportField.Notes, 4000, multiline: true);
        if (r.HasFailed || name is null) return null;

        // One client per external id, else per email, else per name: later rows for the same client are skipped.
        var key = externalId is not null ? "x:" + externalId : email is not null ? "e:" + email : "n:" + ClientLookup.Fold(name);
        if (_seen.TryGetValue(key, out var first) || (email is not null && _seen.TryGetValue("e:" + email, out first)))
        {
            outcome.Skipped++;
            outcome.Add(new ImportIssue(r.Row, options.HeaderOf(externalId is not null ? ImportField.ExternalId : email is not null ? ImportField.Email : ImportField.Name),
                IssueKind.Skipped, ImportMessages.Format(ImportMessages.SameClient, first)));
            return null;
        }
        _seen[key] = r.Row;
        if (email is not null) _seen.TryAdd("e:" + email, r.Row);

        int? existingId = externalId is not null
            ? (_clients.TryFindByExternalId(externalId, out var byExt) ? byExt : null)
            : email is not null ? (_clients.TryFindByEmail(email, out var byEmail) ? byEmail : null)
            : (_clients.TryFindByName(name, out var byName) ? byName : null);
        if (existingId == ClientLookup.AmbiguousName)
        {
            // Updating one of them at random would change the wrong client without a word.
            r.Fail(ImportField.Name, ClientLookup.AmbiguousNameMessage(name));
            return null;
        }
        return new Row(r.Row, externalId, name, contactName, email, phone, birthday, since, ownerId, channel, address, domain, notes, existingId,
            zalo, telegram, whatsApp);
    }

    /// <summary>A chat number in E.164, read in the firm's phone region; a value that is no number fails the row.</summary>
    private string? Phone(ImportRowReader r, ImportField field)
    {
        if (r.Text(field, 50) is not { } typed) return null;
        if (Phones.TryParse(typed, _phoneRegion, out var e164)) return e164;
        r.Fail(field, ImportMessages.Format(ImportMessages.NotAPhone, typed, Phones.Example(_phoneRegion)));
        return null;
    }

    /// <summary>The client's email domain as mailbox sync compares it; a free-mail domain is left out (it would match strangers).</summary>
    private static string? EmailDomain(ImportRowReader r)
    {
        if (r.Text(ImportField.EmailDomain, 253) is not { } typed) return null;
        var domain = EmailAddresses.NormalizeDomain(typed);
        if (domain is null) r.Fail(ImportField.EmailDomain, ImportMessages.Format(ImportMessages.NotADomain, typed));
        else if (EmailAddresses.IsFreeMail(domain)) r.Warn(ImportField.EmailDomain, ImportMessages.Format(ImportMessages.FreeMailDomain, typed));
        else return domain;
        return null;
    }

    /// <summary>
    /// The rows the import would create that look like existing clients, each with its choice: the one made on the run's
    /// page, else <see cref="LikelyMatchDefault"/>. A dry run keeps a choice while its client is still among the matches.
    /// </summary>
    private async Task<Dictionary<int, (ImportLikelyMatch Decision, string MatchName)>> DecideAsync(List<Row> chunk, CancellationToken ct)
    {
        var fresh = chunk.Where(r => r.ExistingId is null).ToList();
        var found = await _likely.ForRowsAsync(fresh.Select(Incoming).ToList(), _names!, runId, ct);
        var decided = new Dictionary<int, (ImportLikelyMatch, string)>();
        foreach (var row in fresh)
        {
            var matches = found.GetValueOrDefault(row.Number) ?? [];
            var chosen = _choices.GetValueOrDefault(row.Number);
            if (matches.Count == 0 && chosen is null) continue;
            var keep = chosen is not null && (commit || chosen.Choice != ImportMatchChoice.Update || matches.Any(m => m.Id == chosen.UpdateClientId));
            var (choice, clientId) = keep ? (chosen!.Choice, chosen.UpdateClientId) : LikelyMatchDefault.For(matches);
            var decision = new ImportLikelyMatch
            {
                ImportRunId = runId ?? 0,
                Row = row.Number,
                Name = row.Name,
                Choice = choice,
                UpdateClientId = choice == ImportMatchChoice.Update ? clientId : null,
                MatchesJson = matches.Count > 0 || chosen is null ? LikelyMatches.ToJson(matches) : chosen.MatchesJson,
            };
            var shown = matches.Count > 0 ? matches : LikelyMatches.FromJson(decision.MatchesJson);
            var name = shown.FirstOrDefault(m => m.Id == decision.UpdateClientId)?.Name ?? shown.FirstOrDefault()?.Name ?? "";
            decided[row.Number] = (decision, name);
            outcome.LikelyMatches.Add(decision);
        }
        return decided;
    }

    private LikelyMatches.Incoming Incoming(Row row)
    {
        var phones = new[] { Phones.TryParse(row.Phone, _phoneRegion, out var phone) ? phone : null, row.ZaloPhone, row.WhatsAppPhone }
            .OfType<string>().Distinct().ToList();
        var emailDomain = row.Email is null ? null : EmailAddresses.DomainOf(row.Email);
        var domain = row.EmailDomain ?? (emailDomain is not null && !EmailAddresses.IsFreeMail(emailDomain) ? emailDomain : null);
        return new LikelyMatches.Incoming(row.Number, row.Name, row.ExternalId, row.Email is null ? [] : [row.Email], phones, domain);
    }

    private async Task FlushAsync(List<Row> chunk, CancellationToken ct)
    {
        if (chunk.Count == 0) return;
        var decided = await DecideAsync(chunk, ct);
        var ids = chunk.Where(r => r.ExistingId is not null).Select(r => r.ExistingId!.Value)
            .Concat(decided.Values.Where(d => d.Decision.UpdateClientId is not null).Select(d => d.Decision.UpdateClientId!.Value))
            .Distinct().ToList();
        var existing = ids.Count == 0 ? [] : await _db.Clients
            .Include(c => c.Contacts)
            .Include(c => c.KeyDates.Where(k => k.Kind == KeyDateKind.CustomerSince && k.ContactId == null))
            .Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var now = engine.Clock.UtcNow;
        var created = new List<Client>();
        foreach (var row in chunk)
        {
            if (decided.TryGetValue(row.Number, out var likely) && likely.Decision.Choice != ImportMatchChoice.Create)
            {
                if (likely.Decision.Choice == ImportMatchChoice.Skip)
                {
                    outcome.Skipped++;
                    outcome.Add(new ImportIssue(row.Number, options.HeaderOf(ImportField.Name), IssueKind.Skipped,
                        ImportMessages.Format(ImportMessages.LikelySkipped, likely.MatchName)));
                }
                else if (existing.TryGetValue(likely.Decision.UpdateClientId!.Value, out var chosen))
                {
                    // The row names the client by an external id it had none for: later imports find it by that id.
                    var named = chosen.ExternalId is null && row.ExternalId is not null;
                    if (named) chosen.ExternalId = row.ExternalId;
                    if (Apply(chosen, row) || named)
                    {
                        outcome.Updated++;
                        _touched.Add(chosen.Id);
                    }
                    else outcome.Skipped++;
                }
                else
                {
                    outcome.Failed++;
                    outcome.Add(new ImportIssue(row.Number, options.HeaderOf(ImportField.Name), IssueKind.Failed, ImportMessages.ChosenClientGone));
                }
                continue;
            }
            if (row.ExistingId is { } id && existing.TryGetValue(id, out var client))
            {
                if (Apply(client, row))
                {
                    outcome.Updated++;
                    _touched.Add(client.Id);
                }
                else if (runId is not null && client.ImportRunId == runId) outcome.Created++; // a resumed run
                else outcome.Skipped++;
                continue;
            }
            client = new Client
            {
                Name = row.Name,
                ExternalId = row.ExternalId,
                OwnerId = row.OwnerId ?? options.DefaultOwnerId ?? userId,
                PreferredChannel = row.Channel ?? Channel.Email,
                PostalAddress = row.PostalAddress,
                Notes = row.Notes,
                CreatedOn = engine.Clock.Today,
                CreatedAtUtc = now,
                ImportRunId = runId,
            };
            Apply(client, row);
            _db.Clients.Add(client);
            created.Add(client);
            outcome.Created++;
        }
        if (commit)
        {
            await using var tx = await _db.Database.BeginTransactionAsync(ct);
            await _db.SaveChangesAsync(ct);
            await ImportProgress.SaveAsync(_db, runId, outcome, engine.Clock.UtcNow, ct);
            await tx.CommitAsync(ct);
            foreach (var c in created) _touched.Add(c.Id);
        }
        _db.ChangeTracker.Clear();
    }

    /// <summary>Copies the row onto the client; values the row leaves empty keep what is there. True when something changed.</summary>
    private static bool Apply(Client client, Row row)
    {
        var changed = false;
        void Set<T>(T current, T value, Action<T> set)
        {
            if (EqualityComparer<T>.Default.Equals(current, value)) return;
            set(value);
            changed = true;
        }
        Set(client.Name, row.Name, v => client.Name = v);
        if (row.OwnerId is not null) Set(client.OwnerId, row.OwnerId, v => client.OwnerId = v);
        if (row.Channel is not null) Set(client.PreferredChannel, row.Channel.Value, v => client.PreferredChannel = v);
        if (row.PostalAddress is not null) Set(client.PostalAddress, row.PostalAddress, v => client.PostalAddress = v);
        if (row.EmailDomain is not null) Set(client.EmailDomain, row.EmailDomain, v => client.EmailDomain = v);
        if (row.Notes is not null) Set(client.Notes, row.Notes, v => client.Notes = v);

        if (row.ContactName is not null || row.Email is not null || row.Phone is not null
            || row.ZaloPhone is not null || row.TelegramUsername is not null || row.WhatsAppPhone is not null)
        {
            var contact = client.Contacts.FirstOrDefault(c => c.IsPrimary)
                ?? client.Contacts.FirstOrDefault(c => c.Email is not null && row.Email is not null && ImportValues.NormaliseEmail(c.Email) == row.Email);
            if (contact is null)
            {
                contact = new Contact { IsPrimary = true, Name = row.ContactName ?? row.Email ?? row.Name };
                client.Contacts.Add(contact);
                changed = true;
            }
            if (row.ContactName is not null) Set(contact.Name, row.ContactName, v => contact.Name = v);
            if (row.Email is not null && (contact.Email is null || ImportValues.NormaliseEmail(contact.Email) != row.Email))
                Set(contact.Email, row.Email, v => contact.Email = v);
            if (row.Phone is not null) Set(contact.Phone, row.Phone, v => contact.Phone = v);
            if (row.ZaloPhone is not null) Set(contact.ZaloPhone, row.ZaloPhone, v => contact.ZaloPhone = v);
            if (row.TelegramUsername is not null) Set(contact.TelegramUsername, row.TelegramUsername, v => contact.TelegramUsername = v);
            if (row.WhatsAppPhone is not null) Set(contact.WhatsAppPhone, row.WhatsAppPhone, v => contact.WhatsAppPhone = v);
            if (row.Birthday is { } b)
            {
                Set(contact.BirthdayDay, b.Day, v => contact.BirthdayDay = v);
                Set(contact.BirthdayMonth, b.Month, v => contact.BirthdayMonth = v);
                Set(contact.BirthdayYear, b.Year, v => contact.BirthdayYear = v);
            }
        }
        if (row.CustomerSince is { } since)
        {
            var keyDate = client.KeyDates.FirstOrDefault(k => k.Kind == KeyDateKind.CustomerSince && k.ContactId is null);
            if (keyDate is null)
            {
                client.KeyDates.Add(new KeyDate { Kind = KeyDateKind.CustomerSince, Date = since, Label = "Customer since" });
                changed = true;
            }
            else Set(keyDate.Date, since, v => keyDate.Date = v);
        }
        var search = SearchText.ForClient(client.Name, client.ExternalId, client.Contacts.Select(c => (c.Name, c.Email, c.Phone)));
        if (search != client.SearchText) client.SearchText = search;
        return changed;
    }
}
