using System.Globalization;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Csv;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;

namespace LybuntCrm.Web.Features.Clients;

/// <summary>
/// The client list as a CSV or Excel file: the rows the list shows for the same search, filters and sort, read a page at a
/// time (<see cref="ClientList.AllPagesAsync"/>) and written as they come, so memory stays flat however many clients match.
/// Headers are in the reader's language; values are invariant (ISO dates, invariant numbers, code names).
/// </summary>
public static class ClientExport
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Rows read per round trip: large enough that the four queries of a page cost little per row.</summary>
    public const int PageSize = 2000;

    /// <summary>The columns in file order: the <see cref="ClientExportRow"/> property each one shows and its header.</summary>
    public static IReadOnlyList<(string Property, string Header)> Columns(IStringLocalizer t) =>
    [
        (nameof(ClientExportRow.ExternalId), t["External id"]),
        (nameof(ClientExportRow.Name), t["Name"]),
        (nameof(ClientExportRow.Status), t["Status"]),
        (nameof(ClientExportRow.Stage), t["Stage"]),
        (nameof(ClientExportRow.Owner), t["Owner"]),
        (nameof(ClientExportRow.PreferredChannel), t["Preferred channel"]),
        (nameof(ClientExportRow.ContactName), t["Contact name"]),
        (nameof(ClientExportRow.ContactEmail), t["Contact email"]),
        (nameof(ClientExportRow.ContactPhone), t["Contact phone"]),
        (nameof(ClientExportRow.LastPurchaseOn), t["Last purchase"]),
        (nameof(ClientExportRow.LastReachedOn), t["Last reached"]),
        (nameof(ClientExportRow.NextCheckInOn), t["Next check-in"]),
        (nameof(ClientExportRow.Retention), t["LYBUNT / SYBUNT"]),
        (nameof(ClientExportRow.RevenueThisYear), t["Revenue this fiscal year"]),
        (nameof(ClientExportRow.RevenueLastYear), t["Revenue last fiscal year"]),
        (nameof(ClientExportRow.CreatedOn), t["Created"]),
        (nameof(ClientExportRow.Tags), t["Tags"]),
    ];

    /// <summary>
    /// The list's rows in its order, a page per query: the list's own walk, projected with the columns the list does not
    /// show, the primary contact and the two years' revenue as correlated subqueries that each read a few index entries.
    /// (Looking each page up again by id took twice as long as the walk itself.) No reader stays open between pages.
    /// </summary>
    public static async IAsyncEnumerable<ClientExportRow> RowsAsync(CrmDbContext db, ClientListQuery query, FiscalYear year,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var thisStart = year.Start;
        var lastStart = year.Previous.Start;
        var end = year.End;
        // The primary contact, or the first one added when none is marked primary. Three scalar subqueries: one object
        // would make EF number every contact with a window function and join them.
        Expression<Func<Client, Source>> projection = c => new Source(
            new ClientListRow(c.Id, c.Name, c.Status, c.Stage, c.Owner!.DisplayName, c.LastPurchaseOn, c.NextCheckInOn, c.RetentionFlag, c.SortKey),
            c.ExternalId, c.PreferredChannel, c.LastContactOn, c.CreatedOn,
            c.Contacts.OrderByDescending(x => x.IsPrimary).ThenBy(x => x.Id).Select(x => x.Name).FirstOrDefault(),
            c.Contacts.OrderByDescending(x => x.IsPrimary).ThenBy(x => x.Id).Select(x => x.Email).FirstOrDefault(),
            c.Contacts.OrderByDescending(x => x.IsPrimary).ThenBy(x => x.Id).Select(x => x.Phone).FirstOrDefault(),
            c.Purchases.Where(p => p.Status == PurchaseStatus.Completed && p.Date >= thisStart && p.Date <= end).Sum(p => p.Amount),
            c.Purchases.Where(p => p.Status == PurchaseStatus.Completed && p.Date >= lastStart && p.Date < thisStart).Sum(p => p.Amount));

        await foreach (var page in ClientList.AllPagesAsync(db, query, PageSize, projection, s => s.Row, ct))
        {
            // The page's tags in one query, names joined in one cell ("Hà Nội; VIP").
            var ids = page.Select(s => s.Row.Id).ToList();
            var tags = (await db.ClientTags.AsNoTracking().Where(x => EF.Parameter(ids).Contains(x.ClientId))
                    .OrderBy(x => x.Tag!.Name).Select(x => new { x.ClientId, x.Tag!.Name }).ToListAsync(ct))
                .ToLookup(x => x.ClientId, x => x.Name);
            foreach (var s in page)
            {
                var r = s.Row;
                yield return new ClientExportRow(
                    s.ExternalId, r.Name, r.Status.ToString(), r.Stage.ToString(), r.OwnerName, s.PreferredChannel.ToString(),
                    s.ContactName, s.ContactEmail, s.ContactPhone,
                    r.LastPurchaseOn, s.LastContactOn, r.NextCheckInOn, RetentionCode(r.RetentionFlag),
                    s.ThisYear, s.LastYear, s.CreatedOn, string.Join("; ", tags[r.Id]));
            }
        }
    }

    /// <summary>A row as read: the list's row and the export's other columns.</summary>
    private sealed record Source(ClientListRow Row, string? ExternalId, Channel PreferredChannel, DateOnly? LastContactOn, DateOnly CreatedOn,
        string? ContactName, string? ContactEmail, string? ContactPhone, decimal ThisYear, decimal LastYear);

    public static string RetentionCode(RetentionFlag flag) => flag switch
    {
        RetentionFlag.Lybunt => "LYBUNT",
        RetentionFlag.Sybunt => "SYBUNT",
        _ => "",
    };

    /// <summary>UTF-8 CSV with a byte order mark; text cells pass through the one formula-safe escaper, <see cref="CsvExport"/>.</summary>
    public static async Task WriteCsvAsync(Stream body, IStringLocalizer t, IAsyncEnumerable<ClientExportRow> rows, CancellationToken ct)
    {
        await using var writer = new StreamWriter(body, CsvExport.Encoding, bufferSize: 64 * 1024, leaveOpen: true);
        await CsvExport.WriteHeaderAsync(writer, Columns(t).Select(c => c.Header).ToArray());
        await foreach (var r in rows.WithCancellation(ct))
        {
            await CsvExport.WriteRowAsync(writer,
                CsvExport.Text(r.ExternalId), CsvExport.Text(r.Name), CsvExport.Text(r.Status), CsvExport.Text(r.Stage),
                CsvExport.Text(r.Owner), CsvExport.Text(r.PreferredChannel), CsvExport.Text(r.ContactName),
                CsvExport.Text(r.ContactEmail), CsvExport.Text(r.ContactPhone), CsvExport.Date(r.LastPurchaseOn),
                CsvExport.Date(r.LastReachedOn), CsvExport.Date(r.NextCheckInOn), CsvExport.Text(r.Retention),
                CsvExport.Number(r.RevenueThisYear), CsvExport.Number(r.RevenueLastYear), CsvExport.Date(r.CreatedOn), CsvExport.Text(r.Tags));
        }
        await writer.FlushAsync(ct);
    }

    /// <summary>
    /// An Excel workbook of one sheet, written by MiniExcel from the rows as they come. Text goes in as text cells, never as
    /// formulas, so a name such as "=cmd" stays a name; dates are date cells and amounts number cells.
    /// </summary>
    public static Task WriteXlsxAsync(Stream body, IStringLocalizer t, IAsyncEnumerable<ClientExportRow> rows, CancellationToken ct)
    {
        var columns = Columns(t).Select((c, i) => new DynamicExcelColumn(c.Property)
        {
            Name = c.Header,
            Index = i,
            Format = IsDate(c.Property) ? "yyyy-mm-dd" : IsMoney(c.Property) ? "0.00" : null,
            Width = IsDate(c.Property) ? 12 : 20,
        }).ToArray();
        var configuration = new OpenXmlConfiguration
        {
            DynamicColumns = columns,
            AutoFilter = true,
            RightToLeft = CultureInfo.CurrentUICulture.TextInfo.IsRightToLeft,
        };
        return MiniExcel.SaveAsAsync(body, rows, sheetName: t["Clients"], excelType: ExcelType.XLSX, configuration: configuration,
            cancellationToken: ct);
    }

    private static bool IsDate(string property) => property is nameof(ClientExportRow.LastPurchaseOn) or nameof(ClientExportRow.LastReachedOn)
        or nameof(ClientExportRow.NextCheckInOn) or nameof(ClientExportRow.CreatedOn);

    private static bool IsMoney(string property) => property is nameof(ClientExportRow.RevenueThisYear) or nameof(ClientExportRow.RevenueLastYear);
}
