using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Import;

/// <summary>
/// Records purchases from the rows: finds each row's client (or creates it, when the run may), skips rows that repeat an
/// earlier row or an existing purchase, and writes new and changed purchases a chunk per transaction through the
/// provider's <see cref="PurchaseBulkWriter"/>.
/// </summary>
internal sealed class PurchaseImport(ImportEngine engine, ImportOptions options, int? runId, string userId, bool commit, ImportOutcome outcome)
{
    private readonly CrmDbContext _db = engine.Db;
    private readonly ClientLookup _clients = new();
    private readonly List<ExistingPurchase> _existing = [];
    private readonly Dictionary<long, int> _existingByKey = [];
    private readonly Dictionary<long, int> _seen = [];
    private readonly HashSet<int> _touched = [];
    private readonly List<Client> _newClients = [];
    private readonly Dictionary<string, int> _newClientByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<int, int> _newClientIds = [];
    private readonly PurchaseBulkWriter _writer = engine.PurchaseWriter(runId);

    public async Task RunAsync(ImportRowSource rows, CancellationToken ct)
    {
        await LoadClientsAsync(ct);
        await LoadPurchasesAsync(ct);
        if (!commit)
        {
            await ImportRowsAsync(rows, ct);
            return;
        }
        // The purchase indexes of a big file outgrow the default page cache.
        await using (await _db.Dialect.BulkCacheAsync(_db, megabytes: 64, ct)) await ImportRowsAsync(rows, ct);
    }

    private async Task ImportRowsAsync(ImportRowSource rows, CancellationToken ct)
    {
        var reader = new ImportRowReader(options, outcome);
        var chunk = new List<PendingPurchase>(Math.Min(engine.PurchaseChunkSize, 1 << 16));
        var processedAtFlush = 0;
        while (rows.Next())
        {
            reader.Start(rows.Row, rows.Fields);
            var pending = Parse(reader);
            if (reader.Finish() || pending is null) continue;
            chunk.Add(pending.Value);
            if (outcome.Total - processedAtFlush >= engine.PurchaseChunkSize)
            {
                await FlushAsync(chunk, ct);
                chunk.Clear();
                processedAtFlush = outcome.Total;
            }
        }
        await FlushAsync(chunk, ct);
        _writer.Dispose();
        if (commit && _touched.Count > 0)
        {
            var ids = _touched.Select(id => id < 0 ? _newClientIds[id] : id).ToList();
            await engine.AfterRowsAppliedAsync(ImportKind.Purchases, ids, ct);
        }
    }

    private async Task LoadClientsAsync(CancellationToken ct)
    {
        var byExt = options.Column(ImportField.ClientExternalId) is not null;
        var byEmail = options.Column(ImportField.ClientEmail) is not null;
        var byName = options.Column(ImportField.ClientName) is not null;
        if (byExt)
            foreach (var c in await _db.Clients.AsNoTracking().Where(c => c.ExternalId != null).Select(c => new { c.Id, c.ExternalId }).ToListAsync(ct))
                _clients.AddExternalId(c.ExternalId!, c.Id);
        if (byEmail)
            foreach (var c in await _db.Contacts.AsNoTracking().Where(c => c.Email != null).OrderByDescending(c => c.IsPrimary)
                         .Select(c => new { c.ClientId, c.Email }).ToListAsync(ct))
                _clients.AddEmail(c.Email!, c.ClientId);
        if (byName)
            foreach (var c in await _db.Clients.AsNoTracking().Select(c => new { c.Id, c.Name }).ToListAsync(ct))
                _clients.AddName(c.Name, c.Id);
    }

    private Task LoadPurchasesAsync(CancellationToken ct) => _writer.ReadExistingAsync((clientId, reference, e) =>
    {
        _existing.Add(e);
        if (reference is not null) _existingByKey.TryAdd(PurchaseKey.Of(clientId, reference), _existing.Count - 1);
        _existingByKey.TryAdd(PurchaseKey.Of(clientId, e.Date, e.Amount), _existing.Count - 1);
    }, ct);

    private PendingPurchase? Parse(ImportRowReader r)
    {
        var externalId = r.Text(ImportField.ClientExternalId, 100);
        var email = r.Email(ImportField.ClientEmail);
        var name = r.Text(ImportField.ClientName, 200);
        var reference = r.Text(ImportField.InvoiceNumber, 100);
        var date = r.Date(ImportField.Date);
        if (date is null && !r.HasFailed) r.Fail(ImportField.Date, ImportMessages.DateEmpty);
        decimal amount = 0;
        if (r.Text(ImportField.Amount, 40) is { } amountText)
        {
            if (ImportValues.TryAmount(amountText, options.NumberCulture, out amount, out var error)) { }
            else r.Fail(ImportField.Amount, error!);
        }
        else r.Fail(ImportField.Amount, ImportMessages.AmountEmpty);
        var currency = (r.Text(ImportField.Currency, 10) ?? options.DefaultCurrency).ToUpperInvariant();
        if (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper))
            r.Fail(ImportField.Currency, ImportMessages.Format(ImportMessages.NotACurrency, currency));
        var status = PurchaseStatus.Completed;
        if (r.Text(ImportField.Status, 40) is { } statusText && !ImportValues.TryStatus(statusText, out status))
            r.Fail(ImportField.Status, ImportMessages.Format(ImportMessages.NotAStatus, statusText));
        if (externalId is null && email is null && name is null && !r.HasFailed)
            r.Fail(options.Column(ImportField.ClientExternalId) is not null ? ImportField.ClientExternalId
                : options.Column(ImportField.ClientEmail) is not null ? ImportField.ClientEmail : ImportField.ClientName,
                ImportMessages.NoClientGiven);
        if (r.HasFailed) return null;

        var clientId = FindClient(r, externalId, email, name);
        if (clientId == 0) return null;

        var day = date!.Value.DayNumber;
        var key = reference is not null ? PurchaseKey.Of(clientId, reference) : PurchaseKey.Of(clientId, day, amount);
        if (_seen.TryGetValue(key, out var firstRow))
        {
            outcome.Skipped++;
            outcome.Add(new ImportIssue(r.Row, options.HeaderOf(reference is not null ? ImportField.InvoiceNumber : ImportField.Date),
                IssueKind.Skipped, ImportMessages.Format(ImportMessages.SamePurchase, firstRow)));
            return null;
        }
        _seen.Add(key, r.Row);

        var pending = new PendingPurchase { ClientId = clientId, Date = day, Amount = amount, Currency = currency, Reference = reference, Status = status };
        if (clientId > 0 && _existingByKey.TryGetValue(key, out var index))
        {
            var e = _existing[index];
            if (e.Date == day && e.Amount == amount && e.Currency == currency && e.Status == status)
            {
                if (runId is not null && e.ImportRunId == runId) outcome.Created++; // a resumed run
                else outcome.Skipped++;
                return null;
            }
            pending.UpdateId = e.Id;
            outcome.Updated++;
        }
        else outcome.Created++;
        _touched.Add(clientId);
        return pending;
    }

    /// <summary>The client's id, a negative placeholder for a client this run creates, or 0 when the row failed.</summary>
    private int FindClient(ImportRowReader r, string? externalId, string? email, string? name)
    {
        ImportField field;
        string value;
        int id;
        if (externalId is not null)
        {
            (field, value) = (ImportField.ClientExternalId, externalId);
            if (_clients.TryFindByExternalId(externalId, out id)) return id;
        }
        else if (email is not null)
        {
            (field, value) = (ImportField.ClientEmail, email);
            if (_clients.TryFindByEmail(email, out id)) return id;
        }
        else
        {
            (field, value) = (ImportField.ClientName, name!);
            if (_clients.TryFindByName(name!, out id))
            {
                if (id != ClientLookup.AmbiguousName) return id;
                r.Fail(field, ClientLookup.AmbiguousNameMessage(name!));
                return 0;
            }
        }
        var key = field + ":" + (field == ImportField.ClientName ? ClientLookup.Fold(value) : value);
        if (_newClientByKey.TryGetValue(key, out id)) return id;
        if (!options.CreateMissingClients)
        {
            r.Fail(field, ImportMessages.Format(field switch
            {
                ImportField.ClientExternalId => ImportMessages.NoClientWithExternalId,
                ImportField.ClientEmail => ImportMessages.NoClientWithEmail,
                _ => ImportMessages.NoClientNamed,
            }, value));
            return 0;
        }
        var clientName = name ?? externalId ?? email!;
        var client = new Client
        {
            Name = clientName,
            ExternalId = externalId,
            OwnerId = options.DefaultOwnerId ?? userId,
            CreatedOn = engine.Clock.Today,
            CreatedAtUtc = engine.Clock.UtcNow,
            ImportRunId = runId,
        };
        if (email is not null) client.Contacts.Add(new Contact { Name = email, Email = email, IsPrimary = true });
        client.SearchText = SearchText.ForClient(client.Name, client.ExternalId, client.Contacts.Select(c => (c.Name, c.Email, c.Phone)));
        _newClients.Add(client);
        id = -_newClients.Count;
        _newClientByKey[key] = id;
        outcome.ClientsCreated++;
        return id;
    }

    private async Task FlushAsync(List<PendingPurchase> chunk, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (!commit) return;
        await _db.Database.OpenConnectionAsync(ct);
        await using var tx = await _db.Database.BeginTransactionAsync(ct);
        // New clients first, so their purchases can point at them.
        var fresh = _newClients.Select((c, i) => (Client: c, Temp: -(i + 1))).Where(x => !_newClientIds.ContainsKey(x.Temp)).ToList();
        if (fresh.Count > 0)
        {
            _db.Clients.AddRange(fresh.Select(x => x.Client));
            await _db.SaveChangesAsync(ct);
            foreach (var (client, temp) in fresh) _newClientIds[temp] = client.Id;
            _db.ChangeTracker.Clear();
        }
        // Rows sorted by client and date touch the (ClientId, …) indexes and the foreign key page by page
        // instead of at random, which keeps the page cache hot; the order of rows inside a chunk means nothing.
        chunk.Sort(static (x, y) => x.ClientId != y.ClientId ? x.ClientId.CompareTo(y.ClientId) : x.Date.CompareTo(y.Date));
        await _writer.WriteAsync(chunk, _newClientIds, ct);
        await ImportProgress.SaveAsync(_db, runId, outcome, engine.Clock.UtcNow, ct);
        await tx.CommitAsync(ct);
    }
}
