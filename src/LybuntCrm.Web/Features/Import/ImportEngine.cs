using System.Globalization;
using System.Text;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Csv;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace LybuntCrm.Web.Features.Import;

public enum IssueKind { Failed, Skipped, Warning }

/// <summary>Something about one row: it failed, was skipped for a reason, or was imported with a change worth knowing.</summary>
public sealed record ImportIssue(int Row, string Column, IssueKind Kind, string Message);

/// <summary>What an import (or its dry run) did or would do.</summary>
public sealed class ImportOutcome
{
    public const int MaxIssuesKept = 100_000;

    public int Total { get; set; }
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Skipped { get; set; }
    public int Failed { get; set; }
    public int ClientsCreated { get; set; }
    /// <summary>A problem with the whole file (empty, header only, a required field not mapped); no row was read.</summary>
    public string? FileProblem { get; set; }
    public List<ImportIssue> Issues { get; } = [];
    public int IssueCount { get; set; }

    public void Add(ImportIssue issue)
    {
        IssueCount++;
        if (Issues.Count < MaxIssuesKept) Issues.Add(issue);
    }

    /// <summary>The issues as CSV (row, column, result, message); values that look like formulas are escaped.</summary>
    public string IssuesCsv()
    {
        var sb = new StringBuilder("Row,Column,Result,Message\n");
        // Failures first, then skipped rows, then notes; each in row order.
        foreach (var i in Issues.OrderBy(i => i.Kind).ThenBy(i => i.Row))
            sb.Append(CsvExport.Line(i.Row.ToString(CultureInfo.InvariantCulture), i.Column, i.Kind.ToString(), i.Message)).Append('\n');
        if (IssueCount > Issues.Count)
            sb.Append(CsvExport.Line("", "", "", $"{IssueCount - Issues.Count} more issues are not listed.")).Append('\n');
        return sb.ToString();
    }
}

/// <summary>
/// Reads an import file row by row and creates, updates or skips clients or purchases. A dry run reads and checks
/// everything and writes nothing. A real run commits in chunks; each chunk also records how far the run got, and every
/// row it creates carries the run's id, so an interrupted run can be resumed (re-running is idempotent) or undone.
/// </summary>
public sealed class ImportEngine(CrmDbContext db, IClock clock)
{
    internal CrmDbContext Db { get; } = db;
    internal IClock Clock { get; } = clock;

    public int PurchaseChunkSize { get; set; } = 50_000;
    public int ClientChunkSize { get; set; } = 1_000;

    public async Task<ImportOutcome> RunAsync(ImportKind kind, ImportOptions options, string path, int? runId, string userId,
        bool commit, CancellationToken ct)
    {
        var outcome = new ImportOutcome();
        using var reader = new CsvRowReader(CsvEncoding.OpenReader(File.OpenRead(path), options.Encoding), options.DelimiterChar);
        if (!reader.Read())
        {
            outcome.FileProblem = "The file is empty.";
            return outcome;
        }
        var headerCount = reader.Fields.Count;
        var missing = MissingFields(kind, options);
        if (missing is not null)
        {
            outcome.FileProblem = missing;
            return outcome;
        }
        var rows = new RowSource(reader, headerCount, outcome);
        if (kind == ImportKind.Clients) await new ClientImport(this, options, runId, userId, commit, outcome).RunAsync(rows, ct);
        else await new PurchaseImport(this, options, runId, userId, commit, outcome).RunAsync(rows, ct);
        if (outcome.Total == 0 && outcome.FileProblem is null)
            outcome.FileProblem = "The file has a header row but no data rows.";
        return outcome;
    }

    public static string? MissingFields(ImportKind kind, ImportOptions options)
    {
        if (kind == ImportKind.Clients)
            return options.Column(ImportField.Name) is null ? "Choose the column that holds the client name." : null;
        if (options.Column(ImportField.ClientExternalId) is null && options.Column(ImportField.ClientEmail) is null
            && options.Column(ImportField.ClientName) is null)
            return "Choose a column that identifies the client: external id, email or name.";
        if (options.Column(ImportField.Date) is null) return "Choose the column that holds the purchase date.";
        if (options.Column(ImportField.Amount) is null) return "Choose the column that holds the amount.";
        return null;
    }

    /// <summary>Data rows with the right number of values; rows with another number, or an unclosed quote, fail here.</summary>
    private sealed class RowSource(CsvRowReader reader, int headerCount, ImportOutcome outcome)
    {
        public int Row => reader.RowNumber;
        public IReadOnlyList<string> Fields => reader.Fields;

        public bool Next()
        {
            while (reader.Read())
            {
                outcome.Total++;
                if (reader.Error is not null)
                {
                    Fail(reader.Error);
                    continue;
                }
                if (reader.Fields.Count != headerCount && !(reader.Fields.Count > headerCount && reader.Fields.Skip(headerCount).All(string.IsNullOrWhiteSpace)))
                {
                    Fail(reader.Fields.Count < headerCount
                        ? $"The row has {reader.Fields.Count} values but the header has {headerCount} columns."
                        : $"The row has {reader.Fields.Count} values but the header has only {headerCount} columns.");
                    continue;
                }
                return true;
            }
            return false;
        }

        private void Fail(string message)
        {
            outcome.Failed++;
            outcome.Add(new ImportIssue(reader.RowNumber, "(row)", IssueKind.Failed, message));
        }
    }

    /// <summary>Reads the cells of one row and collects its problems.</summary>
    private sealed class RowReader
    {
        private readonly ImportOptions options;
        private readonly ImportOutcome outcome;
        private readonly List<ImportIssue> _problems = [];
        private readonly int[] _columns;
        private IReadOnlyList<string> _fields = [];
        private int _row;

        public RowReader(ImportOptions options, ImportOutcome outcome)
        {
            this.options = options;
            this.outcome = outcome;
            // Column of each field, looked up once rather than per cell.
            _columns = Enum.GetValues<ImportField>().Select(f => options.Column(f) ?? -1).ToArray();
        }

        public bool HasFailed { get; private set; }
        public int Row => _row;

        public void Start(int row, IReadOnlyList<string> fields)
        {
            _row = row;
            _fields = fields;
            _problems.Clear();
            HasFailed = false;
        }

        public string? Raw(ImportField field) =>
            _columns[(int)field] is var i && i >= 0 && i < _fields.Count ? _fields[i] : null;

        public string? Text(ImportField field, int maxLength, bool multiline = false)
        {
            var raw = Raw(field);
            if (raw is null) return null;
            var value = ImportValues.Text(raw, out var removed, multiline);
            if (removed) Warn(field, "Invisible control or text-direction characters were removed.");
            if (value is not null && value.Length > maxLength)
            {
                Fail(field, $"The value is longer than {maxLength} characters.");
                return null;
            }
            return value;
        }

        public DateOnly? Date(ImportField field)
        {
            var text = Text(field, 40);
            if (text is null) return null;
            if (ImportValues.TryDate(text, options.DateFormat, out var date, out var error)) return date;
            Fail(field, error!);
            return null;
        }

        public string? Email(ImportField field)
        {
            var text = Text(field, 254);
            if (text is null) return null;
            var email = ImportValues.NormaliseEmail(text);
            if (ImportValues.IsEmail(email)) return email;
            Fail(field, $"'{text}' is not a valid email address.");
            return null;
        }

        public void Fail(ImportField field, string message)
        {
            _problems.Add(new ImportIssue(_row, options.HeaderOf(field), IssueKind.Failed, message));
            HasFailed = true;
        }

        public void Warn(ImportField field, string message) =>
            _problems.Add(new ImportIssue(_row, options.HeaderOf(field), IssueKind.Warning, message));

        /// <summary>Reports the row's problems; true when the row failed (and was counted so).</summary>
        public bool Finish()
        {
            if (_problems.Count == 0) return false;
            foreach (var p in _problems) outcome.Add(p);
            if (!HasFailed) return false;
            outcome.Failed++;
            return true;
        }
    }

    private static string Fold(string text) => text.ToLowerInvariant();

    /// <summary>Both imports find existing clients by folded name; a name that several clients share finds none of them.</summary>
    private static void IndexName(Dictionary<string, int> byName, string name, int id)
    {
        if (!byName.TryAdd(Fold(name), id)) byName[Fold(name)] = AmbiguousName;
    }

    private const int AmbiguousName = -1;

    private static string AmbiguousNameMessage(string name) => $"Several clients are named '{name}'; use their external id or email instead.";

    // ---------------------------------------------------------------- clients

    private sealed class ClientImport(ImportEngine engine, ImportOptions options, int? runId, string userId, bool commit, ImportOutcome outcome)
    {
        private sealed record Row(int Number, string? ExternalId, string Name, string? ContactName, string? Email, string? Phone,
            DateOnly? Birthday, DateOnly? CustomerSince, string? OwnerId, Channel? Channel, string? Notes, int? ExistingId);

        private readonly CrmDbContext _db = engine.Db;
        private readonly Dictionary<string, int> _byExternalId = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _byEmail = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _byName = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);
        private readonly HashSet<int> _touched = [];
        private Dictionary<string, string> _owners = [];

        public async Task RunAsync(RowSource rows, CancellationToken ct)
        {
            var existing = await _db.Clients.AsNoTracking()
                .Select(c => new { c.Id, c.ExternalId, c.Name, Email = c.Contacts.Where(x => x.IsPrimary).Select(x => x.Email).FirstOrDefault() })
                .ToListAsync(ct);
            foreach (var c in existing)
            {
                if (c.ExternalId is not null) _byExternalId.TryAdd(c.ExternalId, c.Id);
                if (c.Email is not null) _byEmail.TryAdd(ImportValues.NormaliseEmail(c.Email), c.Id);
                IndexName(_byName, c.Name, c.Id);
            }
            _owners = (await _db.Users.AsNoTracking().Where(u => u.Email != null).Select(u => new { u.Email, u.Id }).ToListAsync(ct))
                .GroupBy(u => ImportValues.NormaliseEmail(u.Email!)).ToDictionary(g => g.Key, g => g.First().Id);

            var reader = new RowReader(options, outcome);
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
            if (commit && _touched.Count > 0) await ClientFacts.RefreshAsync(_db, ClientFacts.BulkScope(_touched), ct);
        }

        private Row? Parse(RowReader r)
        {
            var externalId = r.Text(ImportField.ExternalId, 100);
            var name = r.Text(ImportField.Name, 200);
            if (name is null && !r.HasFailed) r.Fail(ImportField.Name, "The client name is empty.");
            var contactName = r.Text(ImportField.ContactName, 200);
            var email = r.Email(ImportField.Email);
            var phone = r.Text(ImportField.Phone, 50);
            var birthday = r.Date(ImportField.Birthday);
            var since = r.Date(ImportField.CustomerSince);
            string? ownerId = null;
            if (r.Email(ImportField.Owner) is { } ownerEmail && !_owners.TryGetValue(ownerEmail, out ownerId))
                r.Warn(ImportField.Owner, $"No user has the email {ownerEmail}; new clients go to the importing administrator.");
            Channel? channel = null;
            if (r.Text(ImportField.PreferredChannel, 40) is { } channelText)
            {
                if (ImportValues.TryChannel(channelText, out var c)) channel = c;
                else r.Fail(ImportField.PreferredChannel, $"'{channelText}' is not a channel; use Phone, Email, Letter or Meeting.");
            }
            var notes = r.Text(ImportField.Notes, 4000, multiline: true);
            if (r.HasFailed || name is null) return null;

            // One client per external id, else per email, else per name: later rows for the same client are skipped.
            var key = externalId is not null ? "x:" + externalId : email is not null ? "e:" + email : "n:" + Fold(name);
            if (_seen.TryGetValue(key, out var first) || (email is not null && _seen.TryGetValue("e:" + email, out first)))
            {
                outcome.Skipped++;
                outcome.Add(new ImportIssue(r.Row, options.HeaderOf(externalId is not null ? ImportField.ExternalId : email is not null ? ImportField.Email : ImportField.Name),
                    IssueKind.Skipped, $"Same client as row {first}."));
                return null;
            }
            _seen[key] = r.Row;
            if (email is not null) _seen.TryAdd("e:" + email, r.Row);

            int? existingId = externalId is not null
                ? (_byExternalId.TryGetValue(externalId, out var byExt) ? byExt : null)
                : email is not null ? (_byEmail.TryGetValue(email, out var byEmail) ? byEmail : null)
                : (_byName.TryGetValue(Fold(name), out var byName) ? byName : null);
            if (existingId == AmbiguousName)
            {
                // Updating one of them at random would change the wrong client without a word.
                r.Fail(ImportField.Name, AmbiguousNameMessage(name));
                return null;
            }
            return new Row(r.Row, externalId, name, contactName, email, phone, birthday, since, ownerId, channel, notes, existingId);
        }

        private async Task FlushAsync(List<Row> chunk, CancellationToken ct)
        {
            if (chunk.Count == 0) return;
            var ids = chunk.Where(r => r.ExistingId is not null).Select(r => r.ExistingId!.Value).ToList();
            var existing = ids.Count == 0 ? [] : await _db.Clients
                .Include(c => c.Contacts)
                .Include(c => c.KeyDates.Where(k => k.Kind == KeyDateKind.CustomerSince && k.ContactId == null))
                .Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
            var now = engine.Clock.UtcNow;
            var created = new List<Client>();
            foreach (var row in chunk)
            {
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
                await Progress.SaveAsync(_db, runId, outcome, engine.Clock.UtcNow, ct);
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
            if (row.Notes is not null) Set(client.Notes, row.Notes, v => client.Notes = v);

            if (row.ContactName is not null || row.Email is not null || row.Phone is not null)
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

    // ---------------------------------------------------------------- purchases

    private sealed class PurchaseImport(ImportEngine engine, ImportOptions options, int? runId, string userId, bool commit, ImportOutcome outcome)
    {
        private struct Pending
        {
            public int ClientId;
            public int Date;
            public decimal Amount;
            public string Currency;
            public string? Reference;
            public PurchaseStatus Status;
            public int UpdateId;
        }

        private struct Existing
        {
            public int Id;
            public int Date;
            public decimal Amount;
            public string Currency;
            public PurchaseStatus Status;
            public int? ImportRunId;
        }

        private readonly CrmDbContext _db = engine.Db;
        private readonly Dictionary<string, int> _byExternalId = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _byEmail = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _byName = new(StringComparer.Ordinal);
        private readonly List<Existing> _existing = [];
        private readonly Dictionary<long, int> _existingByKey = [];
        private readonly Dictionary<long, int> _seen = [];
        private readonly HashSet<int> _touched = [];
        private readonly List<Client> _newClients = [];
        private readonly Dictionary<string, int> _newClientByKey = new(StringComparer.Ordinal);
        private readonly Dictionary<int, int> _newClientIds = [];
        private SqliteCommand? _insert;
        private SqliteCommand? _update;

        public async Task RunAsync(RowSource rows, CancellationToken ct)
        {
            await LoadClientsAsync(ct);
            await LoadPurchasesAsync(ct);
            if (!commit)
            {
                await ImportRowsAsync(rows, ct);
                return;
            }
            // The purchase indexes of a big file outgrow the default page cache.
            await using (await SqlitePragmas.BulkCacheAsync(_db, megabytes: 64, ct)) await ImportRowsAsync(rows, ct);
        }

        private async Task ImportRowsAsync(RowSource rows, CancellationToken ct)
        {
            var reader = new RowReader(options, outcome);
            var chunk = new List<Pending>(Math.Min(engine.PurchaseChunkSize, 1 << 16));
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
            _insert?.Dispose();
            _update?.Dispose();
            if (commit && _touched.Count > 0)
            {
                var ids = _touched.Select(id => id < 0 ? _newClientIds[id] : id).ToList();
                var scope = ClientFacts.BulkScope(ids);
                await Lifecycle.OnPurchasesRecordedAsync(_db, scope, engine.Clock.UtcNow, ct);
                await ClientFacts.RefreshAsync(_db, scope, ct);
            }
        }

        private async Task LoadClientsAsync(CancellationToken ct)
        {
            var byExt = options.Column(ImportField.ClientExternalId) is not null;
            var byEmail = options.Column(ImportField.ClientEmail) is not null;
            var byName = options.Column(ImportField.ClientName) is not null;
            if (byExt)
                foreach (var c in await _db.Clients.AsNoTracking().Where(c => c.ExternalId != null).Select(c => new { c.Id, c.ExternalId }).ToListAsync(ct))
                    _byExternalId.TryAdd(c.ExternalId!, c.Id);
            if (byEmail)
                foreach (var c in await _db.Contacts.AsNoTracking().Where(c => c.Email != null).OrderByDescending(c => c.IsPrimary)
                             .Select(c => new { c.ClientId, c.Email }).ToListAsync(ct))
                    _byEmail.TryAdd(ImportValues.NormaliseEmail(c.Email!), c.ClientId);
            if (byName)
                foreach (var c in await _db.Clients.AsNoTracking().Select(c => new { c.Id, c.Name }).ToListAsync(ct))
                    IndexName(_byName, c.Name, c.Id);
        }

        private async Task LoadPurchasesAsync(CancellationToken ct)
        {
            if (_db.IsPostgres)
            {
                await LoadPurchasesPostgresAsync(ct);
                return;
            }
            var conn = await OpenAsync(ct);
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "SELECT Id, ClientId, Reference, Date, Amount, Currency, Status, ImportRunId FROM Purchases";
            using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var e = new Existing
                {
                    Id = r.GetInt32(0),
                    Date = DateOnly.ParseExact(r.GetString(3), "yyyy-MM-dd", CultureInfo.InvariantCulture).DayNumber,
                    Amount = decimal.Round((decimal)r.GetDouble(4), 2),
                    Currency = r.GetString(5),
                    Status = Enum.Parse<PurchaseStatus>(r.GetString(6)),
                    ImportRunId = r.IsDBNull(7) ? null : r.GetInt32(7),
                };
                var clientId = r.GetInt32(1);
                _existing.Add(e);
                if (!r.IsDBNull(2)) _existingByKey.TryAdd(Key(clientId, r.GetString(2)), _existing.Count - 1);
                _existingByKey.TryAdd(Key(clientId, e.Date, e.Amount), _existing.Count - 1);
            }
        }

        private async Task LoadPurchasesPostgresAsync(CancellationToken ct)
        {
            await _db.Database.OpenConnectionAsync(ct);
            var conn = (NpgsqlConnection)_db.Database.GetDbConnection();
            await using var cmd = new NpgsqlCommand(
                "SELECT \"Id\", \"ClientId\", \"Reference\", \"Date\", \"Amount\", \"Currency\", \"Status\", \"ImportRunId\" FROM \"Purchases\"", conn);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var e = new Existing
                {
                    Id = r.GetInt32(0),
                    Date = r.GetFieldValue<DateOnly>(3).DayNumber,
                    Amount = decimal.Round(r.GetDecimal(4), 2),
                    Currency = r.GetString(5),
                    Status = Enum.Parse<PurchaseStatus>(r.GetString(6)),
                    ImportRunId = r.IsDBNull(7) ? null : r.GetInt32(7),
                };
                var clientId = r.GetInt32(1);
                _existing.Add(e);
                if (!r.IsDBNull(2)) _existingByKey.TryAdd(Key(clientId, r.GetString(2)), _existing.Count - 1);
                _existingByKey.TryAdd(Key(clientId, e.Date, e.Amount), _existing.Count - 1);
            }
        }

        private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
        {
            await _db.Database.OpenConnectionAsync(ct);
            return (SqliteConnection)_db.Database.GetDbConnection();
        }

        private Pending? Parse(RowReader r)
        {
            var externalId = r.Text(ImportField.ClientExternalId, 100);
            var email = r.Email(ImportField.ClientEmail);
            var name = r.Text(ImportField.ClientName, 200);
            var reference = r.Text(ImportField.InvoiceNumber, 100);
            var date = r.Date(ImportField.Date);
            if (date is null && !r.HasFailed) r.Fail(ImportField.Date, "The date is empty.");
            decimal amount = 0;
            if (r.Text(ImportField.Amount, 40) is { } amountText)
            {
                if (ImportValues.TryAmount(amountText, options.NumberCulture, out amount, out var error)) { }
                else r.Fail(ImportField.Amount, error!);
            }
            else r.Fail(ImportField.Amount, "The amount is empty.");
            var currency = (r.Text(ImportField.Currency, 10) ?? options.DefaultCurrency).ToUpperInvariant();
            if (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper))
                r.Fail(ImportField.Currency, $"'{currency}' is not a three-letter currency code such as USD or EUR.");
            var status = PurchaseStatus.Completed;
            if (r.Text(ImportField.Status, 40) is { } statusText && !ImportValues.TryStatus(statusText, out status))
                r.Fail(ImportField.Status, $"'{statusText}' is not a status; use Completed or Cancelled.");
            if (externalId is null && email is null && name is null && !r.HasFailed)
                r.Fail(options.Column(ImportField.ClientExternalId) is not null ? ImportField.ClientExternalId
                    : options.Column(ImportField.ClientEmail) is not null ? ImportField.ClientEmail : ImportField.ClientName,
                    "The row does not say which client bought.");
            if (r.HasFailed) return null;

            var clientId = FindClient(r, externalId, email, name);
            if (clientId == 0) return null;

            var day = date!.Value.DayNumber;
            var key = reference is not null ? Key(clientId, reference) : Key(clientId, day, amount);
            if (_seen.TryGetValue(key, out var firstRow))
            {
                outcome.Skipped++;
                outcome.Add(new ImportIssue(r.Row, options.HeaderOf(reference is not null ? ImportField.InvoiceNumber : ImportField.Date),
                    IssueKind.Skipped, $"Same purchase as row {firstRow}."));
                return null;
            }
            _seen.Add(key, r.Row);

            var pending = new Pending { ClientId = clientId, Date = day, Amount = amount, Currency = currency, Reference = reference, Status = status };
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
        private int FindClient(RowReader r, string? externalId, string? email, string? name)
        {
            ImportField field;
            string value;
            int id;
            if (externalId is not null)
            {
                (field, value) = (ImportField.ClientExternalId, externalId);
                if (_byExternalId.TryGetValue(externalId, out id)) return id;
            }
            else if (email is not null)
            {
                (field, value) = (ImportField.ClientEmail, email);
                if (_byEmail.TryGetValue(email, out id)) return id;
            }
            else
            {
                (field, value) = (ImportField.ClientName, name!);
                if (_byName.TryGetValue(Fold(name!), out id))
                {
                    if (id != AmbiguousName) return id;
                    r.Fail(field, AmbiguousNameMessage(name!));
                    return 0;
                }
            }
            var key = field + ":" + (field == ImportField.ClientName ? Fold(value) : value);
            if (_newClientByKey.TryGetValue(key, out id)) return id;
            if (!options.CreateMissingClients)
            {
                r.Fail(field, (field switch
                {
                    ImportField.ClientExternalId => $"No client has the external id '{value}'.",
                    ImportField.ClientEmail => $"No client has the email {value}.",
                    _ => $"No client is named '{value}'.",
                }) + " Import the clients first, or choose to create missing clients.");
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

        private async Task FlushAsync(List<Pending> chunk, CancellationToken ct)
        {
            ct.ThrowIfCancellationRequested();
            if (!commit) return;
            var sqlite = _db.IsSqlite;
            var conn = sqlite ? await OpenAsync(ct) : null;
            if (!sqlite) await _db.Database.OpenConnectionAsync(ct);
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
            if (sqlite) WriteSqlite(chunk, conn!, (SqliteTransaction)tx.GetDbTransaction());
            else await WritePostgresAsync(chunk, ct);
            await Progress.SaveAsync(_db, runId, outcome, engine.Clock.UtcNow, ct);
            await tx.CommitAsync(ct);
        }

        /// <summary>SQLite: one prepared insert and one prepared update, executed row by row inside the chunk's transaction.</summary>
        private void WriteSqlite(List<Pending> chunk, SqliteConnection conn, SqliteTransaction sqliteTx)
        {
            var insert = _insert ??= PrepareInsert(conn);
            var update = _update ??= PrepareUpdate(conn);
            insert.Transaction = sqliteTx;
            update.Transaction = sqliteTx;
            var p = insert.Parameters;
            var createdAt = engine.Clock.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
            p[6].Value = (object?)runId ?? DBNull.Value;
            p[7].Value = createdAt;
            foreach (var row in chunk)
            {
                var command = row.UpdateId == 0 ? insert : update;
                var q = command.Parameters;
                q[0].Value = row.ClientId < 0 ? _newClientIds[row.ClientId] : row.ClientId;
                q[1].Value = DateOnly.FromDayNumber(row.Date).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                q[2].Value = (double)row.Amount;
                q[3].Value = row.Currency;
                q[4].Value = (object?)row.Reference ?? DBNull.Value;
                q[5].Value = row.Status == PurchaseStatus.Completed ? "Completed" : "Cancelled";
                if (row.UpdateId != 0) q[6].Value = row.UpdateId;
                command.ExecuteNonQuery();
            }
        }

        private const string PurchaseColumns = "\"ClientId\", \"Date\", \"Amount\", \"Currency\", \"Reference\", \"Status\"";

        /// <summary>
        /// PostgreSQL: new purchases go straight into the table with one binary COPY; changed purchases are copied into a
        /// temporary table (dropped at commit) and applied with one UPDATE … FROM. Both run in the chunk's transaction.
        /// </summary>
        private async Task WritePostgresAsync(List<Pending> chunk, CancellationToken ct)
        {
            var conn = (NpgsqlConnection)_db.Database.GetDbConnection();
            var createdAt = DateTime.SpecifyKind(engine.Clock.UtcNow, DateTimeKind.Utc);
            var inserts = 0;
            foreach (var row in chunk) if (row.UpdateId == 0) inserts++;
            var updates = chunk.Count - inserts;
            if (inserts > 0)
            {
                await using var copy = await conn.BeginBinaryImportAsync(
                    $"COPY \"Purchases\" ({PurchaseColumns}, \"ImportRunId\", \"CreatedAtUtc\") FROM STDIN (FORMAT BINARY)", ct);
                foreach (var row in chunk)
                {
                    if (row.UpdateId != 0) continue;
                    await copy.StartRowAsync(ct);
                    await WriteValuesAsync(copy, row, ct);
                    if (runId is { } id) await copy.WriteAsync(id, NpgsqlDbType.Integer, ct);
                    else await copy.WriteNullAsync(ct);
                    await copy.WriteAsync(createdAt, NpgsqlDbType.TimestampTz, ct);
                }
                await copy.CompleteAsync(ct);
            }
            if (updates > 0)
            {
                await using (var create = new NpgsqlCommand("""
                    CREATE TEMP TABLE "ImportPurchaseUpdates" ("Id" integer NOT NULL, "ClientId" integer NOT NULL, "Date" date NOT NULL,
                        "Amount" numeric(18,2) NOT NULL, "Currency" character varying(3) NOT NULL, "Reference" character varying(100),
                        "Status" character varying(32) NOT NULL) ON COMMIT DROP
                    """, conn))
                    await create.ExecuteNonQueryAsync(ct);
                await using (var copy = await conn.BeginBinaryImportAsync(
                    $"COPY \"ImportPurchaseUpdates\" (\"Id\", {PurchaseColumns}) FROM STDIN (FORMAT BINARY)", ct))
                {
                    foreach (var row in chunk)
                    {
                        if (row.UpdateId == 0) continue;
                        await copy.StartRowAsync(ct);
                        await copy.WriteAsync(row.UpdateId, NpgsqlDbType.Integer, ct);
                        await WriteValuesAsync(copy, row, ct);
                    }
                    await copy.CompleteAsync(ct);
                }
                await using var update = new NpgsqlCommand("""
                    UPDATE "Purchases" AS p SET "ClientId" = u."ClientId", "Date" = u."Date", "Amount" = u."Amount",
                        "Currency" = u."Currency", "Reference" = u."Reference", "Status" = u."Status"
                    FROM "ImportPurchaseUpdates" AS u
                    WHERE p."Id" = u."Id"
                    """, conn);
                await update.ExecuteNonQueryAsync(ct);
            }
        }

        private async Task WriteValuesAsync(NpgsqlBinaryImporter copy, Pending row, CancellationToken ct)
        {
            await copy.WriteAsync(row.ClientId < 0 ? _newClientIds[row.ClientId] : row.ClientId, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(DateOnly.FromDayNumber(row.Date), NpgsqlDbType.Date, ct);
            await copy.WriteAsync(row.Amount, NpgsqlDbType.Numeric, ct);
            await copy.WriteAsync(row.Currency, NpgsqlDbType.Varchar, ct);
            if (row.Reference is null) await copy.WriteNullAsync(ct);
            else await copy.WriteAsync(row.Reference, NpgsqlDbType.Varchar, ct);
            await copy.WriteAsync(row.Status == PurchaseStatus.Completed ? "Completed" : "Cancelled", NpgsqlDbType.Varchar, ct);
        }

        private static SqliteCommand PrepareInsert(SqliteConnection conn)
        {
            var cmd = conn.CreateCommand();
            cmd.CommandText = """
                INSERT INTO "Purchases" ("ClientId", "Date", "Amount", "Currency", "Reference", "Status", "ImportRunId", "CreatedAtUtc")
                VALUES ($c, $d, $a, $cur, $ref, $s, $run, $at)
                """;
            foreach (var name in new[] { "$c", "$d", "$a", "$cur", "$ref", "$s", "$run", "$at" }) cmd.Parameters.Add(new SqliteParameter(name, null));
            return cmd;
        }

        private static SqliteCommand PrepareUpdate(SqliteConnection conn)
        {
            var cmd = conn.CreateCommand();
            cmd.CommandText = """
                UPDATE "Purchases" SET "ClientId" = $c, "Date" = $d, "Amount" = $a, "Currency" = $cur, "Reference" = $ref, "Status" = $s
                WHERE "Id" = $id
                """;
            foreach (var name in new[] { "$c", "$d", "$a", "$cur", "$ref", "$s", "$id" }) cmd.Parameters.Add(new SqliteParameter(name, null));
            return cmd;
        }
    }

    // A 64-bit hash of a purchase key; collisions are negligible at millions of rows and it keeps memory small.
    private static long Key(int clientId, string reference)
    {
        var h = Mix(14695981039346656037UL ^ (uint)clientId);
        foreach (var ch in reference) h = (h ^ char.ToUpperInvariant(ch)) * 1099511628211UL;
        return (long)Mix(h ^ 0x9E3779B97F4A7C15UL);
    }

    private static long Key(int clientId, int dayNumber, decimal amount)
    {
        var cents = (ulong)(long)(amount * 100m);
        var h = Mix(((ulong)(uint)clientId << 32 | (uint)dayNumber) ^ 0xD6E8FEB86659FD93UL);
        return (long)Mix(h ^ cents);
    }

    private static ulong Mix(ulong x)
    {
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdUL;
        x ^= x >> 33;
        x *= 0xc4ceb9fe1a85ec53UL;
        x ^= x >> 33;
        return x;
    }

    /// <summary>Records how far a run got, in the transaction of the chunk it describes.</summary>
    private static class Progress
    {
        public static async Task SaveAsync(CrmDbContext db, int? runId, ImportOutcome o, DateTime now, CancellationToken ct)
        {
            if (runId is null) return;
            await db.ImportRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.HeartbeatAtUtc, now)
                .SetProperty(r => r.ProcessedRows, o.Total)
                .SetProperty(r => r.Created, o.Created)
                .SetProperty(r => r.Updated, o.Updated)
                .SetProperty(r => r.Skipped, o.Skipped)
                .SetProperty(r => r.Failed, o.Failed), ct);
        }
    }
}
