using System.Net;
using System.Text;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Import;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.Import;

public sealed class ImportPostalAddressTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lybunt-address-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Csv(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    [Fact]
    public async Task A_clients_file_with_an_address_column_sets_the_postal_address_and_a_later_file_changes_it()
    {
        using var app = new CrmApp();
        var first = Csv("clients.csv",
            "External id,Client name,Địa chỉ,Preferred channel\n" +
            "V1,Nhà sách Hoa Sen,\"Số 12 Lê Lợi\nPhường Bến Nghé, Quận 1\nTP. Hồ Chí Minh\",Letter\n" +
            "V2,Công ty Sao Mai,,Phone\n");

        var result = await app.ImportAsync(first, ImportKind.Clients);

        result.Run!.Status.Should().Be(ImportStatus.Completed);
        (result.Run.Created, result.Run.Failed).Should().Be((2, 0));
        ImportOptions.FromJson(result.Run.OptionsJson).Column(ImportField.PostalAddress).Should().Be(2, "“Địa chỉ” is recognised as the address column");
        var addresses = await app.WithDbAsync(db => db.Clients.OrderBy(c => c.ExternalId).Select(c => new { c.ExternalId, c.PostalAddress, c.PreferredChannel }).ToListAsync());
        addresses[0].Should().Be(new { ExternalId = (string?)"V1", PostalAddress = (string?)"Số 12 Lê Lợi\nPhường Bến Nghé, Quận 1\nTP. Hồ Chí Minh", PreferredChannel = Channel.Letter });
        addresses[1].PostalAddress.Should().BeNull();

        var second = Csv("moved.csv", "External id,Name,آدرس\nV2,Công ty Sao Mai,\"شیراز، خیابان حافظ، پلاک ۷\r\nکد پستی ۷۱۳۴۸۵۴۳۲۱\"\n");
        var moved = await app.ImportAsync(second, ImportKind.Clients);

        (moved.Run!.Updated, moved.Run.Failed).Should().Be((1, 0));
        (await app.WithDbAsync(db => db.Clients.Where(c => c.ExternalId == "V2").Select(c => c.PostalAddress).SingleAsync()))
            .Should().Be("شیراز، خیابان حافظ، پلاک ۷\nکد پستی ۷۱۳۴۸۵۴۳۲۱");
    }

    [Fact]
    public async Task The_import_help_page_lists_the_postal_address_and_its_column_names()
    {
        using var app = new CrmApp();
        await app.EnsureStandardUsersAsync();
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);

        var help = await admin.GetPageAsync("/Import/Help");

        help.StatusCode.Should().Be(HttpStatusCode.OK);
        var row = help.Document.QuerySelectorAll("tr").Single(r => r.TextContent.Contains("Postal address"));
        row.TextContent.Should().Contain("address").And.Contain("địachỉ").And.Contain("آدرس");
    }
}
