using System.Text;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Import;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.Import;

public sealed class ImportEmailDomainTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lybunt-domain-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Csv(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    [Fact]
    public async Task A_domain_column_sets_the_clients_email_domain_a_free_mail_one_is_left_out_and_a_bad_one_fails_its_row()
    {
        using var app = new CrmApp();
        var file = Csv("clients.csv",
            "External id,Client name,Tên miền\n" +
            "V1,Công ty Hòa Bình,www.HòaBình.vn\n" +
            "V2,Solo Trader,gmail.com\n" +
            "V3,Broken,not a domain\n" +
            "V4,No Domain,\n");

        var result = await app.ImportAsync(file, ImportKind.Clients);

        ImportOptions.FromJson(result.Run!.OptionsJson).Column(ImportField.EmailDomain).Should().Be(2, "“Tên miền” is recognised as the email domain column");
        (result.Run.Created, result.Run.Failed).Should().Be((3, 1));
        var domains = await app.WithDbAsync(db => db.Clients.OrderBy(c => c.ExternalId).Select(c => c.EmailDomain).ToListAsync());
        domains.Should().Equal(EmailAddresses.NormalizeDomain("hòabình.vn"), null, null);
        result.Outcome!.Issues.Should().Contain(i => i.Kind == IssueKind.Warning && i.Message.Contains("'gmail.com' is a free-mail domain"));
        result.Outcome.Issues.Should().Contain(i => i.Kind == IssueKind.Failed && i.Message == "'not a domain' is not a domain such as example.vn.");
    }
}
