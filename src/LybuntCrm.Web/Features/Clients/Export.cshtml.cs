using System.Globalization;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Csv;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Clients;

/// <summary>
/// GET /Clients/Export?format=csv|xlsx with the list's own query string (q, status, stage, owner, sort): the clients the
/// list shows for it, in its order, streamed as a file named after today. Every export is audited.
/// </summary>
public sealed class ExportModel(CrmDbContext db, IClock clock, Audit audit, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")] public string? Search { get; set; }
    [BindProperty(SupportsGet = true)] public ClientStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public LifecycleStage? Stage { get; set; }
    [BindProperty(SupportsGet = true)] public string? Owner { get; set; }
    [BindProperty(SupportsGet = true)] public ClientSort Sort { get; set; } = ClientSort.Name;
    [BindProperty(SupportsGet = true)] public string? Tag { get; set; }

    public async Task<IActionResult> OnGetAsync(string? format, CancellationToken ct)
    {
        var xlsx = format?.ToLowerInvariant() switch
        {
            null or "" or "csv" => false,
            "xlsx" => true,
            _ => (bool?)null,
        };
        if (xlsx is null) return BadRequest("format must be csv or xlsx.");
        if (!ModelState.IsValid)
        {
            // As the list does with a hand-edited query string: an unknown status or sort exports everything.
            Status = null;
            Stage = null;
            Sort = ClientSort.Name;
        }
        var query = new ClientListQuery(Search?.Trim(), Status, Stage, Owner, Sort, After: null, Before: null, Tag: TagNames.Clean(Tag));
        var year = FiscalYear.Containing(clock.Today, await db.FiscalStartMonthAsync(ct));

        var extension = xlsx.Value ? "xlsx" : "csv";
        await audit.RecordNowAsync("clients.export", nameof(Client), null, Describe(query, extension));

        var fileName = string.Create(CultureInfo.InvariantCulture, $"clients-{clock.Today:yyyy-MM-dd}.{extension}");
        Response.ContentType = xlsx.Value ? ClientExport.XlsxContentType : CsvExport.ContentType;
        Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        var rows = ClientExport.RowsAsync(db, query, year, ct);
        if (!xlsx.Value)
        {
            await ClientExport.WriteCsvAsync(Response.Body, t, rows, ct);
            return new EmptyResult();
        }

        // MiniExcel closes the zip entries of the workbook with synchronous writes; they go to a buffer here, so the
        // response gets one write per 64 KB rather than a blocked thread per small write.
        HttpContext.Features.GetRequiredFeature<IHttpBodyControlFeature>().AllowSynchronousIO = true;
        // Not disposed: that would close the response body, which the server finishes itself.
        var buffered = new BufferedStream(Response.Body, 64 * 1024);
        await ClientExport.WriteXlsxAsync(buffered, t, rows, ct);
        await buffered.FlushAsync(ct);
        return new EmptyResult();
    }

    private static string Describe(ClientListQuery q, string format)
    {
        var parts = new List<string> { format };
        if (!string.IsNullOrEmpty(q.Search)) parts.Add($"search \"{q.Search}\"");
        if (q.Status is { } status) parts.Add($"status {status}");
        if (q.Stage is { } stage) parts.Add($"stage {stage}");
        if (q.Tag is { } tag) parts.Add($"tag {tag}");
        if (!string.IsNullOrEmpty(q.OwnerId)) parts.Add($"owner {q.OwnerId}");
        parts.Add($"sort {q.Sort}");
        return string.Join(", ", parts);
    }
}
