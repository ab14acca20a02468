namespace LybuntCrm.Web.Features.Import;

/// <summary>Reads the cells of one row and collects its problems.</summary>
internal sealed class ImportRowReader
{
    private readonly ImportOptions options;
    private readonly ImportOutcome outcome;
    private readonly List<ImportIssue> _problems = [];
    private readonly int[] _columns;
    private IReadOnlyList<string> _fields = [];
    private int _row;

    public ImportRowReader(ImportOptions options, ImportOutcome outcome)
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
        if (removed) Warn(field, ImportMessages.InvisibleCharacters);
        if (value is not null && value.Length > maxLength)
        {
            Fail(field, ImportMessages.Format(ImportMessages.TooLong, maxLength));
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
        Fail(field, ImportMessages.Format(ImportMessages.NotAnEmail, text));
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
