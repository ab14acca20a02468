using System.ComponentModel.DataAnnotations;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Csv;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Import;

/// <summary>Confirm how to read the file (encoding, delimiter, dates, numbers) and which column feeds which field, then dry-run it.</summary>
public sealed class MapModel(CrmDbContext db, ImportService imports, IStringLocalizer<SharedResource> t) : PageModel
{
    public sealed class MapInput
    {
        [Display(Name = "Encoding")] public string Encoding { get; set; } = CsvEncoding.Utf8;
        [Display(Name = "Values separated by")] public string Delimiter { get; set; } = ",";
        [Display(Name = "Dates are written as")] public string DateFormat { get; set; } = ImportOptions.IsoDate;
        [Display(Name = "Numbers are written as")] public bool DecimalComma { get; set; }
        public bool CreateMissingClients { get; set; }
        public string DefaultCurrency { get; set; } = "USD";
        /// <summary>For each column of the file, the field it feeds, or empty to ignore it.</summary>
        public List<string?> Columns { get; set; } = [];
        public string? SaveAs { get; set; }
        public string? SavedMapping { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public int Id { get; set; }

    [BindProperty]
    public MapInput Input { get; set; } = new();

    public ImportRun Run { get; private set; } = null!;
    public ImportOptions Options { get; private set; } = new();
    public CsvPreview Preview { get; private set; } = new([], [], false);
    public IReadOnlyList<ImportService.SavedMapping> Saved { get; private set; } = [];
    public string? FileProblem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } result) return result;
        Input = new MapInput
        {
            Encoding = Options.Encoding,
            Delimiter = Options.Delimiter,
            DateFormat = Options.DateFormat,
            DecimalComma = Options.DecimalComma,
            CreateMissingClients = Options.CreateMissingClients,
            DefaultCurrency = Options.DefaultCurrency,
            Columns = Enumerable.Range(0, Preview.Headers.Count)
                .Select(i => (string?)Options.Columns.FirstOrDefault(c => c.Value == i).Key).ToList(),
        };
        return Page();
    }

    /// <summary>Re-reads the file with the chosen encoding and delimiter and keeps the choices.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } result) return result;
        if (Validate(requireFields: false)) await SaveAsync(ct);
        return ModelState.IsValid ? RedirectToPage(new { id = Id }) : Page();
    }

    public async Task<IActionResult> OnPostApplyAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } result) return result;
        var mapping = Saved.FirstOrDefault(m => m.Name == Input.SavedMapping);
        if (mapping is null)
        {
            ModelState.AddModelError("Input.SavedMapping", t["Choose a saved mapping."]);
            return Page();
        }
        Options.Columns = ImportService.ApplyMapping(mapping, Options.Headers);
        Run.OptionsJson = Options.ToJson();
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = t["Mapping “{0}” applied.", Bidi.Isolate(mapping.Name)].Value;
        return RedirectToPage(new { id = Id });
    }

    public async Task<IActionResult> OnPostDryRunAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } result) return result;
        if (!Validate(requireFields: true)) return Page();
        await SaveAsync(ct);
        if (!string.IsNullOrWhiteSpace(Input.SaveAs))
        {
            var error = await imports.SaveMappingAsync(Run.Kind, Input.SaveAs.Trim(), Options, ct);
            if (error is not null)
            {
                ModelState.AddModelError("Input.SaveAs", t[error]);
                return Page();
            }
        }
        var outcome = await imports.DryRunAsync(Run, ct);
        if (outcome.FileProblem is not null)
        {
            ModelState.AddModelError("", t[outcome.FileProblem]);
            return Page();
        }
        return RedirectToPage("Run", new { id = Id });
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var run = await db.ImportRuns.FirstOrDefaultAsync(r => r.Id == Id, ct);
        if (run is null || run.StoredPath is null || !System.IO.File.Exists(run.StoredPath)) return NotFound();
        if (run.Status is not (ImportStatus.Pending or ImportStatus.DryRun)) return RedirectToPage("Run", new { id = Id });
        Run = run;
        Options = ImportOptions.FromJson(run.OptionsJson);
        Preview = imports.Preview(run, Options);
        Saved = await imports.SavedMappingsAsync(run.Kind, ct);
        if (!Preview.HasDataRows) FileProblem = t["With this encoding and delimiter the file has no data rows."];
        return null;
    }

    private bool Validate(bool requireFields)
    {
        if (!CsvEncoding.IsOffered(Input.Encoding)) ModelState.AddModelError("Input.Encoding", t["Choose an encoding from the list."]);
        if (Input.Delimiter is not ("," or ";" or "\t" or "\\t")) ModelState.AddModelError("Input.Delimiter", t["Choose a delimiter from the list."]);
        if (!ImportOptions.DateFormats.Contains(Input.DateFormat)) ModelState.AddModelError("Input.DateFormat", t["Choose a date format from the list."]);
        var currency = (Input.DefaultCurrency ?? "").Trim().ToUpperInvariant();
        if (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper))
            ModelState.AddModelError("Input.DefaultCurrency", t["Enter a three-letter currency code such as USD or EUR."]);
        if (Input.SaveAs is { Length: > 60 }) ModelState.AddModelError("Input.SaveAs", t["Use a name of at most 60 characters."]);
        var known = ImportFields.For(Run.Kind).Select(f => f.Field.ToString()).ToHashSet();
        var chosen = Input.Columns.Where(c => !string.IsNullOrEmpty(c)).ToList();
        if (chosen.Any(c => !known.Contains(c!))) ModelState.AddModelError("Input.Columns", t["Choose fields from the lists."]);
        foreach (var twice in chosen.GroupBy(c => c).Where(g => g.Count() > 1))
            ModelState.AddModelError("Input.Columns", t["“{0}” is chosen for more than one column.", EnumLabels.Label(t, Enum.Parse<ImportField>(twice.Key!))]);
        if (requireFields && ModelState.IsValid && ImportEngine.MissingFields(Run.Kind, BuildOptions()) is { } missing)
            ModelState.AddModelError("Input.Columns", t[missing]);
        return ModelState.IsValid;
    }

    private ImportOptions BuildOptions()
    {
        var options = ImportOptions.FromJson(Run.OptionsJson);
        var readingChanged = options.Encoding != Input.Encoding || options.Delimiter != Input.Delimiter.Replace("\\t", "\t");
        options.Encoding = Input.Encoding;
        options.Delimiter = Input.Delimiter.Replace("\\t", "\t");
        options.DateFormat = Input.DateFormat;
        options.DecimalComma = Input.DecimalComma;
        options.CreateMissingClients = Input.CreateMissingClients;
        options.DefaultCurrency = (Input.DefaultCurrency ?? "USD").Trim().ToUpperInvariant();
        if (readingChanged)
        {
            // Other headers: guess the mapping afresh.
            var preview = CsvSniffer.Preview(Run.StoredPath!, options.Encoding, options.DelimiterChar);
            var headersChanged = !preview.Headers.SequenceEqual(options.Headers);
            options.Headers = preview.Headers.ToList();
            if (headersChanged)
            {
                options.Columns = ImportFields.Guess(Run.Kind, options.Headers).ToDictionary(p => p.Key.ToString(), p => p.Value);
                return options;
            }
        }
        options.Columns = Input.Columns.Select((field, index) => (field, index))
            .Where(x => !string.IsNullOrEmpty(x.field) && x.index < options.Headers.Count)
            .GroupBy(x => x.field!).ToDictionary(g => g.Key, g => g.First().index);
        return options;
    }

    private async Task SaveAsync(CancellationToken ct)
    {
        Options = BuildOptions();
        Run.OptionsJson = Options.ToJson();
        Run.Status = ImportStatus.Pending;
        await db.SaveChangesAsync(ct);
    }

    public string Sample(int column) =>
        string.Join(" · ", Preview.Rows.Where(r => column < r.Count).Select(r => r[column]).Where(v => !string.IsNullOrWhiteSpace(v)).Take(3)
            .Select(v => v.Length > 40 ? v[..40] + "…" : v));
}
