using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Clients.Duplicates;

/// <summary>
/// Likely duplicates, best first, with why each pair looks like one client. Admins see every pair; a manager sees the pairs
/// where they own at least one of the two (so they learn when a colleague holds the same client), and may merge or
/// dismiss a pair only when they own both.
/// </summary>
public sealed class IndexModel(CrmDbContext db, DuplicateList list, IClock clock, Audit audit, IStringLocalizer<SharedResource> t,
    Infrastructure.Formatting.DisplayFormat f) : PageModel
{
    public const int Shown = 100;
    public const int CountCap = 500;

    public IReadOnlyList<DuplicateList.Row> Rows { get; private set; } = [];
    public int Count { get; private set; }
    public DateTime? FoundAtUtc { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var owner = User.IsAdmin() ? null : User.Id();
        Rows = await list.TopAsync(Shown, owner, ct);
        Count = Rows.Count < Shown ? Rows.Count : await list.CountAsync(owner, CountCap + 1, ct);
        FoundAtUtc = await db.DuplicatePairs.AsNoTracking().OrderBy(p => p.Score).Select(p => (DateTime?)p.FoundAtUtc).FirstOrDefaultAsync(ct);
    }

    public bool CanDecide(DuplicateList.Row row) => User.CanChangeClientOwnedBy(row.A.OwnerId) && User.CanChangeClientOwnedBy(row.B.OwnerId);

    /// <summary>Two clients a person knows apart: the pair leaves the list and the scan never proposes it again.</summary>
    public async Task<IActionResult> OnPostNotSameAsync(int a, int b, CancellationToken ct)
    {
        var (first, second) = (Math.Min(a, b), Math.Max(a, b));
        var owners = await db.Clients.AsNoTracking().Where(c => c.Id == first || c.Id == second).Select(c => c.OwnerId).ToListAsync(ct);
        if (first == second || owners.Count != 2)
        {
            TempData["Flash"] = t["These two clients are no longer on the list."].Value;
            return RedirectToPage();
        }
        if (!owners.All(User.CanChangeClientOwnedBy)) return StatusCode(StatusCodes.Status403Forbidden);
        if (!await db.NotDuplicatePairs.AnyAsync(p => p.ClientAId == first && p.ClientBId == second, ct))
            db.NotDuplicatePairs.Add(new NotDuplicatePair { ClientAId = first, ClientBId = second, MarkedById = User.Id(), MarkedAtUtc = clock.UtcNow });
        await db.DuplicatePairs.Where(p => p.ClientAId == first && p.ClientBId == second).ExecuteDeleteAsync(ct);
        audit.Record("client.not_duplicate", nameof(Client), first, $"client {first} and client {second} are not the same");
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = t["Marked as not the same: this pair will not be proposed again."].Value;
        return RedirectToPage();
    }

    public string ReasonText(DuplicateList.Row row, DuplicateReasons reason) => DuplicateReasonText.Of(t, f, reason, row.NameSimilarity);

    public static IEnumerable<DuplicateReasons> ReasonsOf(DuplicateReasons reasons) => DuplicateReasonText.Each(reasons);
}
