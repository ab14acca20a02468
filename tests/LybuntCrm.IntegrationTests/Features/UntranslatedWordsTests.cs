using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using AngleSharp.Dom;
using LybuntCrm.IntegrationTests.Features.Import;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Digest;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LybuntCrm.IntegrationTests.Features;

/// <summary>
/// Every word a Vietnamese or Persian reader sees on the main pages is in their language. The demo data is loaded, a
/// file with errors is checked, and each page is read as a reader sees it: its text, title, placeholders, tooltips,
/// ARIA labels, option texts and validation messages, without what the users typed or imported (names, emails, phones, notes, file
/// contents), numbers, addresses and the few product and format names that stay as they are. On a Persian page any
/// word of Latin letters left is a leak; Vietnamese also uses Latin letters, so there a leak is a word of the app's
/// English strings that is not also a word of its Vietnamese strings.
/// </summary>
public sealed partial class UntranslatedWordsTests(UntranslatedWordsTests.DemoApp app) : IClassFixture<UntranslatedWordsTests.DemoApp>
{
    /// <summary>Names that stay as they are in every language.</summary>
    private static readonly HashSet<string> Kept = new(StringComparer.OrdinalIgnoreCase)
    {
        "LybuntCrm", "Crm", "LYBUNT", "SYBUNT", "CSV", "XLSX", "UTF", "UTC", "SMTP", "eml", "iCal", "Zalo", "Telegram", "WhatsApp",
        "Google", "Outlook", "Apple", "Windows", "URL", "API", "OpenAPI", "USD", "EUR", "VND", "IRR", "GBP",
        "IMAP", "SSL", "TLS", "STARTTLS",
    };

    [Theory]
    [InlineData("vi")]
    [InlineData("fa")]
    public async Task Every_word_on_the_main_pages_is_in_the_readers_language(string culture)
    {
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);
        var token = (await admin.GetPageAsync("/Account/Preferences")).AntiforgeryToken;
        (await admin.PostAsync("/Account/Language", new Dictionary<string, string> { ["culture"] = culture, ["returnUrl"] = "/" }, token))
            .StatusCode.Should().Be(HttpStatusCode.Redirect);
        var english = Vocabulary(null);
        var own = Vocabulary(culture);

        using var visitor = app.NewBrowser();
        visitor.Http.DefaultRequestHeaders.Add("Accept-Language", culture);

        var leaks = new List<string>();
        void Read(string url, Page page, HttpStatusCode status)
        {
            page.StatusCode.Should().Be(status, url);
            page.Document.DocumentElement.GetAttribute("lang").Should().Be(culture, url);
            var found = Words(page, culture)
                .Where(w => !Kept.Contains(w) && !app.DataWords.Contains(w))
                .Where(w => culture == "fa" || (english.Contains(w) && !own.Contains(w)))
                .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
            if (found.Count > 0) leaks.Add($"{url}: {string.Join(", ", found)}");
        }
        foreach (var url in app.Pages) Read(url, await admin.GetPageAsync(url), HttpStatusCode.OK);
        Read("/Clients/999999", await admin.GetPageAsync("/Clients/999999"), HttpStatusCode.NotFound);
        Read("/Act/999999", await admin.GetPageAsync("/Act/999999"), HttpStatusCode.NotFound);
        Read("/Account/Login (visitor)", await visitor.GetPageAsync("/Account/Login"), HttpStatusCode.OK);
        Read("/Account/AccessDenied (visitor)", await visitor.GetPageAsync("/Account/AccessDenied"), HttpStatusCode.Forbidden);
        leaks.Should().BeEmpty($"every word a {culture} reader sees should be in {culture}");
    }

    /// <summary>The words of Latin letters (three or more) a reader sees on the page.</summary>
    private static IEnumerable<string> Words(Page page, string culture)
    {
        var document = page.Document;
        // Not read as text: code, keys, names and typed text isolated in bdi, text marked as another language or not to translate.
        foreach (var element in document.QuerySelectorAll("script, style, code, kbd, bdi, [translate=no], a[href^='mailto:'], a[href^='tel:']").ToList())
            element.Remove();
        foreach (var element in document.QuerySelectorAll("[lang]").Where(e => e != document.DocumentElement && e.GetAttribute("lang") != culture).ToList())
            element.Remove();
        // Text node by node, so the words of neighbouring elements never run together.
        var texts = new List<string> { document.Title ?? "" };
        if (document.Body is { } body) texts.AddRange(body.GetDescendants().OfType<IText>().Select(t => t.Data));
        foreach (var element in document.QuerySelectorAll("[title], [placeholder], [aria-label], [alt], input[type=submit], input[type=button]"))
        {
            foreach (var name in new[] { "title", "placeholder", "aria-label", "alt" })
                if (element.GetAttribute(name) is { } value) texts.Add(value);
            if (element.LocalName == "input" && element.GetAttribute("value") is { } label) texts.Add(label);
        }
        // The messages client-side validation shows (data-val-required="…"), not its settings (patterns, field lists).
        texts.AddRange(document.All.SelectMany(e => e.Attributes)
            .Where(a => a.Name.StartsWith("data-val-", StringComparison.Ordinal) && a.Name.Count(c => c == '-') == 2)
            .Select(a => a.Value));
        foreach (var text in texts)
        {
            var cleaned = Machine().Replace(text, " ");
            foreach (Match word in Word().Matches(cleaned)) yield return word.Value;
        }
    }

    /// <summary>The words of the values of a resource file (placeholders left out), lower-cased.</summary>
    private static HashSet<string> Vocabulary(string? culture)
    {
        var path = Path.Combine(Root(), "src", "LybuntCrm.Web", "Resources", "SharedResource" + (culture is null ? "" : "." + culture) + ".resx");
        var words = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var value in XDocument.Load(path).Root!.Elements("data").Select(d => (string?)d.Element("value") ?? ""))
            foreach (Match word in Word().Matches(Regex.Replace(value, @"\{\d+[^}]*\}", " "))) words.Add(word.Value);
        return words;
    }

    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LybuntCrm.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("LybuntCrm.sln not found");
    }

    /// <summary>
    /// Product names, recorded action codes (user.created), email addresses, web addresses, paths, date formats such as
    /// dd/MM/yyyy, and words joined to digits.
    /// </summary>
    [GeneratedRegex(@"Google Calendar|Apple Calendar|\b[a-z]+(?:\.[a-z]+(?:-[a-z]+)*)+\b|\S+@\S+|\w+://\S+|(?<!\w)/[\w/.\-?=&%]+|\b[dMy]{1,4}([-/. ][dMy]{1,4}){2}\b|\b\w*\d\w*\b")]
    private static partial Regex Machine();

    [GeneratedRegex(@"(?<![\p{L}\p{M}])[A-Za-z]{3,}(?![\p{L}\p{M}])")]
    private static partial Regex Word();

    /// <summary>An app with the demo data, a checked import with errors and a test email; the pages to read and the typed words.</summary>
    public sealed class DemoApp : CrmApp, IAsyncLifetime
    {
        public List<string> Pages { get; } = [];
        public HashSet<string> DataWords { get; } = new(StringComparer.OrdinalIgnoreCase);

        public async Task InitializeAsync()
        {
            await EnsureStandardUsersAsync();
            using (var admin = await SignedInAsync(AdminEmail))
            {
                (await admin.PostFormAsync("/Admin", new Dictionary<string, string>(), "/Admin?handler=SeedDemo")).StatusCode.Should().Be(HttpStatusCode.Redirect);
                (await admin.PostFormAsync("/Admin/Outbox", new Dictionary<string, string> { ["Test.Recipient"] = "someone@example.com" },
                    "/Admin/Outbox?handler=Test")).StatusCode.Should().Be(HttpStatusCode.Redirect);
            }
            var import = await this.ImportAsync("bad/malformed-dates.csv", ImportKind.Clients, dryRunOnly: true);

            await WithDbAsync(async db =>
            {
                var busiest = await db.Touchpoints.GroupBy(t => t.ClientId).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstAsync();
                var lybunt = await db.Clients.Where(c => c.RetentionFlag == RetentionFlag.Lybunt).Select(c => c.Id).FirstAsync();
                var prospect = await db.Clients.Where(c => c.Status == ClientStatus.Prospect).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
                var manager = await db.Clients.GroupBy(c => c.OwnerId).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstAsync();
                // Mailboxes with their health (one failing), so the mailbox pages show every word they can.
                var adminId = await db.Users.Where(u => u.Email == AdminEmail).Select(u => u.Id).FirstAsync();
                foreach (var (owner, problem) in new[] { (adminId, MailboxProblem.FolderMissing), (manager, MailboxProblem.None), ((string?)null, MailboxProblem.PasswordRefused) })
                {
                    db.Mailboxes.Add(new Mailbox
                    {
                        UserId = owner,
                        Host = "imap.firm.example",
                        Port = 993,
                        Security = MailSecurity.SslOnConnect,
                        UserName = "box@firm.example",
                        ProtectedPassword = "not-a-real-password",
                        CreatedAtUtc = DateTime.UtcNow,
                        LastSuccessAtUtc = DateTime.UtcNow,
                        LastMatched = 3,
                        TotalMatched = 40,
                        Problem = problem,
                        ProblemDetail = problem == MailboxProblem.FolderMissing ? "Archive" : null,
                        ConsecutiveFailures = problem == MailboxProblem.None ? 0 : 3,
                        Folders = [new MailboxFolder { Name = "INBOX" }, new MailboxFolder { Name = "Sent" }],
                    });
                }
                await db.SaveChangesAsync();
                Pages.AddRange([
                    "/Today", $"/Today?user={manager}", "/Today/Calendar", "/Clients", "/Clients?status=LetGo", $"/Clients/{busiest}",
                    $"/Clients/Edit/{busiest}", $"/Clients/{busiest}/Touchpoints/New", $"/Clients/{busiest}/KeyDates/New",
                    $"/Clients/{busiest}/Purchases/New", $"/Clients/{busiest}/Contacts", $"/Clients/{busiest}/Write", $"/Handoffs/Transfer/{busiest}",
                    "/Lybunt", "/Lybunt?list=sybunt", $"/Lybunt/WinBack/{lybunt}", "/Prospects", $"/Prospects/Review/{prospect}",
                    "/Prospects/Disqualified", "/Prospects/Settings", "/Admin", "/Admin/Users", "/Admin/Users/Create",
                    $"/Admin/Users/Edit/{manager}", $"/Admin/Reassign?From={manager}", "/Admin/Outbox", "/Admin/Audit", "/Admin/Settings", "/Admin/Templates?kind=WinBack&language=fa",
                    "/Import", "/Import/Help", $"/Import/Map?id={import.Run!.Id}", $"/Import/Run?id={import.Run!.Id}",
                    "/Account/Profile", "/Account/Preferences", "/Account/Mailbox", "/Account/TwoFactor", "/Admin/Mailboxes", "/Managers", $"/Managers/{manager}",
                    "/Account/Tokens", "/Admin/Tokens", "/Api/Reference",
                ]);
                // A digest's one-click links, as the admin receives them: the confirmation page of each action.
                var openFollowUp = await db.FollowUps.Where(f => f.Status == FollowUpStatus.Open).OrderBy(f => f.Id).Select(f => f.Id).FirstAsync();
                var links = Services.GetRequiredService<ActionLinks>();
                Pages.AddRange(Enum.GetValues<LinkAction>().Select(a => ActionLinks.PathPrefix + links.Token(links.New(openFollowUp, a, adminId))));

                // What people typed or imported, and the names of places in time zones, are not the app's words.
                var typed = new List<string?>();
                typed.AddRange(await db.Clients.Select(c => c.Name + " " + c.ExternalId + " " + c.Notes + " " + c.LetGoReason + " " + c.DoNotContactReason).ToListAsync());
                typed.AddRange(await db.Contacts.Select(c => c.Name + " " + c.Role).ToListAsync());
                typed.AddRange(await db.Touchpoints.Select(t => t.Summary).ToListAsync());
                typed.AddRange(await db.KeyDates.Select(k => k.Label).ToListAsync());
                typed.AddRange(await db.Purchases.Select(p => p.Reference).ToListAsync());
                typed.AddRange(await db.FollowUps.Select(f => f.Reason + " " + f.ClosedReason).ToListAsync());
                typed.AddRange(await db.Handoffs.Select(h => h.Note).ToListAsync());
                typed.AddRange(await db.ProspectReviews.Select(r => r.Note).ToListAsync());
                typed.AddRange(await db.Users.Select(u => u.DisplayName + " " + u.TimeZoneId).ToListAsync());
                typed.AddRange(await db.OutboundEmails.Select(e => e.Subject + " " + e.RecipientName).ToListAsync());
                typed.AddRange(await db.ImportRuns.Select(r => r.FileName).ToListAsync());
                typed.Add(await File.ReadAllTextAsync(ImportDriver.File("bad/malformed-dates.csv")));
                typed.AddRange(TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id));
                foreach (var text in typed)
                    foreach (Match word in Word().Matches(text ?? "")) DataWords.Add(word.Value);
            });
        }

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
    }
}
