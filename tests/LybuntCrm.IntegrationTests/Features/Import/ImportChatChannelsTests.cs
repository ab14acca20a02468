using System.Text;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Import;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.Import;

public sealed class ImportChatChannelsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lybunt-chat-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Csv(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    [Fact]
    public async Task Zalo_Telegram_and_WhatsApp_columns_fill_the_primary_contact_and_a_bad_number_fails_its_row()
    {
        using var app = new CrmApp();
        var file = Csv("clients.csv",
            "External id,Client name,Contact name,Số Zalo,Telegram,واتساپ,Preferred channel\n" +
            "V1,Công ty Hòa Bình,Trần Thị Mai,0901 234 567,@mai_tran,,Zalo\n" +
            "V2,Rostam Trading,Reza Rahimi,,t.me/reza_rahimi,+۹۸ ۹۱۲ ۳۴۵ ۶۷۸۹,WhatsApp\n" +
            "V3,Broken Number,Nobody,0901 234,,,\n" +
            "V4,Broken Username,Nobody,,1abc,,\n");

        var result = await app.ImportAsync(file, ImportKind.Clients);

        var options = ImportOptions.FromJson(result.Run!.OptionsJson);
        (options.Column(ImportField.Zalo), options.Column(ImportField.Telegram), options.Column(ImportField.WhatsApp))
            .Should().Be((3, 4, 5), "“Số Zalo”, “Telegram” and “واتساپ” are recognised");
        (result.Run.Created, result.Run.Failed).Should().Be((2, 2));
        var contacts = await app.WithDbAsync(db => db.Contacts.OrderBy(c => c.Client!.ExternalId)
            .Select(c => new { c.ZaloPhone, c.TelegramUsername, c.WhatsAppPhone, c.Client!.PreferredChannel }).ToListAsync());
        contacts.Select(c => (c.ZaloPhone, c.TelegramUsername, c.WhatsAppPhone, c.PreferredChannel.ToString())).Should().Equal(
            ("+84901234567", "mai_tran", null, "Zalo"),
            (null, "reza_rahimi", "+989123456789", "WhatsApp"));
        result.Outcome!.Issues.Should().Contain(i => i.Kind == IssueKind.Failed && i.Message.StartsWith("'0901 234' is not a phone number such as "));
        result.Outcome.Issues.Should().Contain(i => i.Kind == IssueKind.Failed
            && i.Message == "'1abc' is not a Telegram username: 5 to 32 letters, digits or underscores, starting with a letter.");
    }
}
