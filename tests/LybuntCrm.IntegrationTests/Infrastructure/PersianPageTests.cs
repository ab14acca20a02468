using System.IO.Compression;
using System.Text;
using AngleSharp.Dom;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Demo;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace LybuntCrm.IntegrationTests.Infrastructure;

/// <summary>
/// Persian pages with the demo data, read by the demo's Persian account manager: sent as UTF-8 text, and every phone
/// number, email and name kept in its own direction so a right-to-left page cannot reorder it.
/// </summary>
public sealed class PersianPageTests : IClassFixture<SharedCrmApp>
{
    private const string PersianManager = "sara@example.com";
    private readonly CrmApp _app;
    private readonly ITestOutputHelper _output;

    public PersianPageTests(SharedCrmApp app, ITestOutputHelper output)
    {
        _app = app;
        _output = output;
        LoadDemoAsPersianAsync().GetAwaiter().GetResult();
    }

    private async Task LoadDemoAsPersianAsync()
    {
        await _app.WithServicesAsync(async sp => await sp.GetRequiredService<DemoData>().LoadAsync(CrmApp.Password));
        await _app.WithDbAsync(async db =>
        {
            var sara = await db.Users.SingleAsync(u => u.Email == PersianManager);
            if (sara.Culture == "fa") return;
            sara.ChangeCulture("fa");
            await db.SaveChangesAsync();
        });
    }

    [Fact]
    public async Task Persian_pages_are_sent_as_UTF8_text_not_numeric_entities()
    {
        using var sara = await _app.SignedInAsync(PersianManager);
        var response = await sara.Http.GetAsync("/Today");
        response.Content.Headers.ContentType!.CharSet.Should().Be("utf-8");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var html = Encoding.UTF8.GetString(bytes);
        // The page weight recorded in docs/benchmarks.md.
        using var gzipped = new MemoryStream();
        await using (var gzip = new GZipStream(gzipped, CompressionLevel.Optimal)) await gzip.WriteAsync(bytes);
        _output.WriteLine($"Persian Today page as the demo's Persian manager: {bytes.Length:N0} bytes, {gzipped.ToArray().Length:N0} gzip'd");

        html.Should().Contain("<html lang=\"fa\" dir=\"rtl\">").And.Contain("امروز", "the heading is written in Persian letters");
        html.Should().NotContain("&#x6", "Persian letters are not sent as numeric entities");
        html.Should().Contain("سارا احمدی", "names typed in Persian are written as text too");
    }

    [Fact]
    public async Task User_text_is_still_encoded_in_a_UTF8_page()
    {
        const string hostile = "<b>Ali & Sons</b> \"quoted\" 'single' سارا";
        var clientId = await _app.WithDbAsync(async db =>
        {
            var owner = await db.Users.SingleAsync(u => u.Email == PersianManager);
            var client = new Client { Name = hostile, OwnerId = owner.Id, CreatedOn = _app.Today, CreatedAtUtc = DateTime.UtcNow };
            db.Clients.Add(client);
            await db.SaveChangesAsync();
            return client.Id;
        });
        using var sara = await _app.SignedInAsync(PersianManager);
        var page = await sara.GetPageAsync($"/Clients/{clientId}");
        page.Html.Should().Contain("&lt;b&gt;Ali &amp; Sons&lt;/b&gt; &quot;quoted&quot; &#x27;single&#x27; سارا");
        page.Document.QuerySelector("h1 bdi")!.TextContent.Should().Be(hostile);
        page.Document.QuerySelectorAll("h1 b").Should().BeEmpty();
    }

    [Fact]
    public async Task On_a_Persian_page_phones_and_emails_run_left_to_right_and_names_are_isolated()
    {
        var (clients, contacts, people, phones, emails, sampleIds) = await _app.WithDbAsync(async db =>
        {
            var clientNames = await db.Clients.Select(c => c.Name).ToListAsync();
            var contactRows = await db.Contacts.Select(c => new { c.Name, c.Email, c.Phone, c.ClientId }).ToListAsync();
            var users = await db.Users.Select(u => new { u.DisplayName, u.Email }).ToListAsync();
            // The Persian manager's clients with the most contacts, and a client who was referred by another.
            var ids = contactRows.GroupBy(c => c.ClientId).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Take(3).Select(g => g.Key)
                .Concat(await db.Clients.Where(c => c.ReferredById != null).OrderBy(c => c.Id).Select(c => c.Id).Take(1).ToListAsync())
                .ToList();
            return (clientNames, contactRows.Select(c => c.Name).ToList(), users.Select(u => u.DisplayName).ToList(),
                // Numbers are shown as dialled in the firm's region, not as stored.
                contactRows.Select(c => c.Phone).OfType<string>().Select(p => Phones.Display(p, Phones.DefaultRegion)).ToList(),
                contactRows.Select(c => c.Email).Concat(users.Select(u => u.Email)).OfType<string>().ToList(), ids);
        });

        using var sara = await _app.SignedInAsync(PersianManager);
        var pages = new[] { "/Today", "/Clients", "/Lybunt", "/Prospects", "/Prospects/Disqualified", "/Account/Profile" }
            .Concat(sampleIds.Select(id => $"/Clients/{id}"));
        var checkedPhones = 0;
        var checkedEmails = 0;
        var checkedNames = 0;
        foreach (var url in pages)
        {
            var page = await sara.GetPageAsync(url);
            page.StatusCode.Should().Be(System.Net.HttpStatusCode.OK, url);
            page.Document.DocumentElement.GetAttribute("dir").Should().Be("rtl", url);
            foreach (var text in TextNodes(page.Document.Body!))
            {
                var value = text.TextContent;
                foreach (var phone in phones.Where(value.Contains))
                {
                    Direction(text).Should().Be("ltr", $"{phone} on {url} is written left to right");
                    checkedPhones++;
                }
                foreach (var email in emails.Where(value.Contains))
                {
                    Direction(text).Should().Be("ltr", $"{email} on {url} is written left to right");
                    checkedEmails++;
                }
                // Today (being reshaped) only promises isolated client names; every other page isolates people's names too.
                var names = url == "/Today" ? clients : clients.Concat(contacts).Concat(people);
                foreach (var name in names.Where(n => n.Length > 3 && value.Contains(n, StringComparison.Ordinal)))
                {
                    // In a <bdi>, or (in a sentence written as plain text) between first-strong-isolate characters.
                    var isolated = text.ParentElement!.Closest("bdi") is not null || value.Contains(Bidi.Isolate(name), StringComparison.Ordinal);
                    isolated.Should().BeTrue($"\"{name}\" on {url} sits in a <bdi> (text: \"{value.Trim()}\")");
                    checkedNames++;
                }
            }
        }
        checkedPhones.Should().BeGreaterThan(10);
        checkedEmails.Should().BeGreaterThan(10);
        checkedNames.Should().BeGreaterThan(100);
    }

    /// <summary>The nearest direction set on the text or around it ("rtl" from the page itself when none is closer).</summary>
    private static string? Direction(INode text) => text.ParentElement!.Closest("[dir]")?.GetAttribute("dir");

    /// <summary>Text a reader sees in the page body; option lists and form fields cannot hold markup and are left out.</summary>
    private static IEnumerable<INode> TextNodes(IElement root)
    {
        foreach (var node in root.ChildNodes)
        {
            if (node is IElement element)
            {
                if (element.LocalName is "script" or "style" or "option" or "textarea" or "template") continue;
                foreach (var inner in TextNodes(element)) yield return inner;
            }
            else if (node.NodeType == NodeType.Text && !string.IsNullOrWhiteSpace(node.TextContent))
            {
                yield return node;
            }
        }
    }
}
