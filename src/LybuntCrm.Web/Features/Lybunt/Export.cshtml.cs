using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Csv;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Lybunt;

/// <summary>
/// GET /Lybunt/Export?list=lybunt|sybunt[&amp;owner=id]: the flagged clients as CSV, most revenue at risk first, streamed row by
/// row so memory stays flat however long the list. Every export is audited.
/// </summary>
public sealed class ExportModel(CrmDbContext db, IClock clock, Audit audit) : PageModel
{
    public static readonly string[] Columns = ["ExternalId", "Name", "Owner", "LastYearTotal", "LastPurchaseDate", "FirstFlagged", "Status"];

    public async Task<IActionResult> OnGetAsync(string? list, string? owner, CancellationToken ct)
    {
        var flag = list?.ToLowerInvariant() switch
        {
            null or "" or "lybunt" => RetentionFlag.Lybunt,
            "sybunt" => RetentionFlag.Sybunt,
            _ => (RetentionFlag?)null,
        };
        if (flag is null) return BadRequest("list must be lybunt or sybunt.");
        var year = FiscalYear.Containing(clock.Today, await db.FiscalStartMonthAsync(ct));

        var clients = db.Clients.AsNoTracking().Where(c => c.RetentionFlag == flag);
        if (!string.IsNullOrEmpty(owner)) clients = clients.Where(c => c.OwnerId == owner);
        var rows = clients
            .OrderByDescending(c => c.LastYearTotal).ThenByDescending(c => c.Id)
            .Select(c => new
            {
                c.ExternalId,
                c.Name,
                Owner = c.Owner!.DisplayName,
                c.LastYearTotal,
                c.LastPurchaseOn,
                c.FirstFlaggedOn,
                c.Status,
                c.DoNotContact,
                // The latest win-back, as two index lookups: projected as one object, EF numbers every win-back with a window
                // function and joins it, which took 4.3 s instead of 3.1 s for 240,000 flagged clients.
                WinBack = db.FollowUps.Where(f => f.ClientId == c.Id && f.Kind == FollowUpKind.WinBack)
                    .OrderByDescending(f => f.Id).Select(f => (FollowUpStatus?)f.Status).FirstOrDefault(),
                ClosedReason = db.FollowUps.Where(f => f.ClientId == c.Id && f.Kind == FollowUpKind.WinBack)
                    .OrderByDescending(f => f.Id).Select(f => f.ClosedReasonCode ?? f.ClosedReason).FirstOrDefault(),
            })
            .AsAsyncEnumerable();

        await audit.RecordNowAsync("lybunt.export", "RetentionList", flag.ToString(),
            string.IsNullOrEmpty(owner) ? $"fiscal year {year}" : $"fiscal year {year}, owner {owner}");

        var fileName = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{flag.Value.ToString().ToLowerInvariant()}-{clock.Today:yyyy-MM-dd}.csv");
        Response.ContentType = CsvExport.ContentType;
        Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        await using var writer = new StreamWriter(Response.Body, CsvExport.Encoding, bufferSize: 64 * 1024);
        await CsvExport.WriteHeaderAsync(writer, Columns);
        await foreach (var r in rows.WithCancellation(ct))
        {
            var state = WinBackStatus.Of(r.Status, r.DoNotContact, recovered: false, r.WinBack, r.ClosedReason);
            await CsvExport.WriteRowAsync(writer,
                CsvExport.Text(r.ExternalId), CsvExport.Text(r.Name), CsvExport.Text(r.Owner), CsvExport.Number(r.LastYearTotal),
                CsvExport.Date(r.LastPurchaseOn), CsvExport.Date(r.FirstFlaggedOn), CsvExport.Text(WinBackStatus.Label(state)));
        }
        await writer.FlushAsync(ct);
        return new EmptyResult();
    }
}
