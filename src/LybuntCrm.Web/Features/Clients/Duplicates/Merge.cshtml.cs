using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Formatting;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Clients.Duplicates;

/// <summary>
/// Two clients side by side: for each field that differs the user picks the value to keep; everything else of the second
/// client (contacts, purchases, touches, follow-ups, dates, hand-offs, history) moves to the first, which stays.
/// </summary>
public sealed class MergeModel(CrmDbContext db, ClientMerger merger, EnumLabels labels, DisplayFormat f, IStringLocalizer<SharedResource> t) : PageModel
{
    public const string Keep = "keep";
    public const string Absorb = "absorb";

    public sealed record Side(int Id, ClientFields Fields, int Contacts, int Purchases, int Touches, int OpenFollowUps, DateOnly? LastPurchaseOn);

    public sealed record FieldRow(string Field, string Label, string KeptValue, string AbsorbedValue);

    [FromQuery(Name = "keep")] public int KeepId { get; set; }
    [FromQuery(Name = "absorb")] public int AbsorbId { get; set; }

    /// <summary>Per differing field, "keep" or "absorb": whose value the merged client has.</summary>
    [BindProperty] public Dictionary<string, string> Choice { get; set; } = [];

    public Side? Kept { get; private set; }
    public Side? Absorbed { get; private set; }
    public IReadOnlyList<FieldRow> Differences { get; private set; } = [];
    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var take = Choice.Where(c => c.Value == Absorb && ClientFields.Choosable.Contains(c.Key)).Select(c => c.Key).ToHashSet();
        var outcome = await merger.MergeAsync(KeepId, AbsorbId, take, User, ct);
        if (outcome.Succeeded)
        {
            TempData["Flash"] = t["Merged. The other record can be brought back with Undo on this client's timeline."].Value;
            return Redirect($"/Clients/{KeepId}");
        }
        if (outcome.Refusal == MergeRefusal.NotAllowed) return StatusCode(StatusCodes.Status403Forbidden);
        Refusal = RefusalText(outcome.Refusal);
        return await LoadAsync(ct) ?? Page();
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (KeepId == AbsorbId)
        {
            Refusal = RefusalText(MergeRefusal.SameClient);
            return null;
        }
        var clients = await db.Clients.AsNoTracking().Where(c => c.Id == KeepId || c.Id == AbsorbId).ToListAsync(ct);
        var kept = clients.FirstOrDefault(c => c.Id == KeepId);
        var absorbed = clients.FirstOrDefault(c => c.Id == AbsorbId);
        if (kept is null || absorbed is null)
        {
            // A merged client is hidden: say so rather than a bare "not found".
            Refusal ??= RefusalText(await db.Clients.IgnoreQueryFilters().AnyAsync(c => (c.Id == KeepId || c.Id == AbsorbId) && c.MergedIntoId != null, ct)
                ? MergeRefusal.AlreadyMerged : MergeRefusal.NotFound);
            return null;
        }
        if (!User.CanChangeClientOwnedBy(kept.OwnerId) || !User.CanChangeClientOwnedBy(absorbed.OwnerId)) return StatusCode(StatusCodes.Status403Forbidden);
        Kept = await SideAsync(kept, ct);
        Absorbed = await SideAsync(absorbed, ct);
        var names = await NamesAsync([kept.OwnerId, absorbed.OwnerId], [kept.ReferredById, absorbed.ReferredById], ct);
        Differences = Kept.Fields.DifferingFrom(Absorbed.Fields)
            .Select(field => new FieldRow(field, Label(field), Show(Kept.Fields, field, names), Show(Absorbed.Fields, field, names)))
            .ToList();
        return null;
    }

    private async Task<Side> SideAsync(Client c, CancellationToken ct) => new(c.Id, ClientFields.Of(c),
        await db.Contacts.CountAsync(x => x.ClientId == c.Id, ct),
        await db.Purchases.CountAsync(x => x.ClientId == c.Id, ct),
        await db.Touchpoints.CountAsync(x => x.ClientId == c.Id, ct),
        await db.FollowUps.CountAsync(x => x.ClientId == c.Id && (x.Status == FollowUpStatus.Open || x.Status == FollowUpStatus.Snoozed), ct),
        c.LastPurchaseOn);

    private async Task<Dictionary<string, string>> NamesAsync(string[] owners, int?[] referrers, CancellationToken ct)
    {
        var names = await db.Users.AsNoTracking().Where(u => owners.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var ids = referrers.OfType<int>().ToList();
        foreach (var referrer in await db.Clients.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.Name }).ToListAsync(ct))
            names["client:" + referrer.Id] = referrer.Name;
        return names;
    }

    private string Label(string field) => field switch
    {
        nameof(ClientFields.Name) => t["Name"],
        nameof(ClientFields.Status) => t["Status"],
        nameof(ClientFields.Stage) => t["Stage"],
        nameof(ClientFields.OwnerId) => t["Owner"],
        nameof(ClientFields.CadenceDays) => t["Check-in cadence (days)"],
        nameof(ClientFields.PreferredChannel) => t["Preferred channel"],
        nameof(ClientFields.DoNotContact) => t["Do not contact"],
        nameof(ClientFields.ExternalId) => t["External id"],
        nameof(ClientFields.EmailDomain) => t["Email domain"],
        nameof(ClientFields.ReferredById) => t["Referred by"],
        nameof(ClientFields.ExpectedValue) => t["Expected value"],
        nameof(ClientFields.AcquisitionCost) => t["Acquisition cost"],
        nameof(ClientFields.Notes) => t["Notes"],
        nameof(ClientFields.PostalAddress) => t["Postal address"],
        _ => field,
    };

    private string Show(ClientFields c, string field, Dictionary<string, string> names) => field switch
    {
        nameof(ClientFields.Status) => labels[c.Status] + (c.LetGoReason is { } why ? " — " + why : ""),
        nameof(ClientFields.Stage) => labels[c.Stage],
        nameof(ClientFields.OwnerId) => names.GetValueOrDefault(c.OwnerId) ?? "—",
        nameof(ClientFields.CadenceDays) => f.Number(c.CadenceDays),
        nameof(ClientFields.PreferredChannel) => labels[c.PreferredChannel],
        nameof(ClientFields.DoNotContact) => c.DoNotContact ? t["Yes"] + (c.DoNotContactReason is { } why ? " — " + why : "") : t["No"],
        nameof(ClientFields.EmailDomain) => c.EmailDomain is null ? "—" : EmailAddresses.UnicodeDomain(c.EmailDomain),
        nameof(ClientFields.ReferredById) => c.ReferredById is { } id ? names.GetValueOrDefault("client:" + id) ?? "—" : "—",
        nameof(ClientFields.ExpectedValue) => c.ExpectedValue is { } v ? f.Amount(v) : "—",
        nameof(ClientFields.AcquisitionCost) => c.AcquisitionCost is { } v ? f.Amount(v) : "—",
        _ => c.Value(field)?.ToString() is { Length: > 0 } text ? text : "—",
    };

    private string RefusalText(MergeRefusal refusal) => refusal switch
    {
        MergeRefusal.SameClient => t["A client cannot be merged with itself."],
        MergeRefusal.AlreadyMerged => t["One of the two clients has already been merged into another."],
        MergeRefusal.Raced => t["Someone changed one of these clients at the same moment. Look at them again and retry."],
        _ => t["One of the two clients no longer exists."],
    };
}
