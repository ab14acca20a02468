using System.ComponentModel.DataAnnotations;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Formatting;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Import;

/// <summary>Upload a file to import, and the history of every import run.</summary>
public sealed class IndexModel(CrmDbContext db, ImportService imports, IStringLocalizer<SharedResource> t, DisplayFormat f) : PageModel
{
    public sealed record Row(int Id, string FileName, ImportKind Kind, ImportStatus Status, DateTime StartedAtUtc, int TotalRows,
        int Created, int Updated, int Skipped, int Failed, string? UserName, bool HasIssues);

    [BindProperty]
    [Display(Name = "The file holds")] public ImportKind Kind { get; set; } = ImportKind.Clients;

    [BindProperty]
    public IFormFile? Upload { get; set; }

    public IReadOnlyList<Row> Runs { get; private set; } = [];
    public long MaxBytes => imports.MaxBytes;
    public int MaxMegabytes => imports.MaxMegabytes;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Upload is null)
            ModelState.AddModelError(nameof(Upload), t["Choose a CSV file to import."]);
        else if (Upload.Length == 0)
            ModelState.AddModelError(nameof(Upload), t["The file is empty."]);
        else if (Upload.Length > imports.MaxBytes)
            ModelState.AddModelError(nameof(Upload), t["The file is larger than {0} MB. Split it into smaller files.", f.Number(imports.MaxMegabytes)]);
        if (!Enum.IsDefined(Kind)) ModelState.AddModelError(nameof(Kind), t["Choose what the file holds."]);
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }
        await using var stream = Upload!.OpenReadStream();
        var (run, error) = await imports.CreateAsync(stream, Upload.FileName, Kind, User.Id(), ct);
        if (run is null)
        {
            ModelState.AddModelError(nameof(Upload), ImportMessages.Localize(error, t, f));
            await LoadAsync(ct);
            return Page();
        }
        return RedirectToPage("Map", new { id = run.Id });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Runs = await (from r in db.ImportRuns.AsNoTracking()
                      join u in db.Users on r.UserId equals u.Id into users
                      from u in users.DefaultIfEmpty()
                      orderby r.Id descending
                      select new Row(r.Id, r.FileName, r.Kind, r.Status, r.StartedAtUtc, r.TotalRows, r.Created, r.Updated,
                          r.Skipped, r.Failed, u == null ? null : u.DisplayName, r.ErrorReport != null))
            .Take(200).ToListAsync(ct);
    }

    public static string StatusClass(ImportStatus status) => status switch
    {
        ImportStatus.Completed => "text-bg-success",
        ImportStatus.Running => "text-bg-primary",
        ImportStatus.DryRun => "text-bg-info",
        ImportStatus.Interrupted or ImportStatus.Failed => "text-bg-danger",
        ImportStatus.Undone => "text-bg-secondary",
        _ => "text-bg-light",
    };
}
