using System.Globalization;
using System.Net;
using System.Text;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Today;
using LybuntCrm.Web.Infrastructure.Email;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Digest;

/// <summary>
/// Renders a digest as a plain-text part and an HTML part made of inline-styled tables (what common mail clients read).
/// Every piece of user text is HTML-encoded.
/// </summary>
public sealed class DigestTemplate(IStringLocalizer<SharedResource> localizer, DigestLinks links, ActionLinks actionLinks)
{
    private const string Font = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;";
    private const string Cell = "padding:8px 10px;border-bottom:1px solid #e5e7eb;vertical-align:top;font-size:14px;color:#1f2937;";
    private const string HeadCell = "padding:6px 10px;border-bottom:2px solid #d1d5db;text-align:left;font-size:12px;color:#6b7280;text-transform:uppercase;letter-spacing:.03em;";
    private const string Link = "color:#1d4ed8;text-decoration:none;";

    private readonly Dictionary<(string UserId, int FollowUpId, LinkAction Action), string> _actionUrls = [];

    public OutboxMessage Render(DigestContent digest)
    {
        var previousCulture = CultureInfo.CurrentCulture;
        var previousUi = CultureInfo.CurrentUICulture;
        try
        {
            var culture = CultureFor(digest.Recipient.Culture);
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            return new OutboxMessage(digest.Recipient.Email, digest.Recipient.DisplayName, Outbox.DigestKind, digest.Recipient.LocalDate,
                Subject(digest), Html(digest), Text(digest));
        }
        finally
        {
            CultureInfo.CurrentCulture = previousCulture;
            CultureInfo.CurrentUICulture = previousUi;
        }
    }

    private string T(string text, params object[] args) => localizer[text, args].Value;

    /// <summary>A follow-up's reason in the recipient's language (the culture is theirs while rendering).</summary>
    private string Why(StoredReason reason, DisplayFormat f) => FollowUpReasons.Describe(reason, localizer, f);

    /// <summary>The same line as beside the item on Today: last reached, last attempt.</summary>
    private string ContactFacts(PlannedItem p, DigestContent d, DisplayFormat f) =>
        TimelineText.Contact(localizer, f, d.Recipient.LocalDate, p.LastAttemptOn, p.LastReachedOn);

    private static CultureInfo CultureFor(string? name)
    {
        try
        {
            return string.IsNullOrWhiteSpace(name) ? CultureInfo.GetCultureInfo("en") : CultureInfo.GetCultureInfo(name);
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.GetCultureInfo("en");
        }
    }

    /// <summary>Dates, amounts and counts in the recipient's language, digits and calendar.</summary>
    public static DisplayFormat Format(DigestContent d) => DisplayFormat.For(d.Recipient.Culture, d.Recipient.UseSolarHijri, d.HouseCurrency, d.PhoneRegion);

    public string Subject(DigestContent d)
    {
        var f = Format(d);
        var date = f.DayMonth(d.Recipient.LocalDate);
        if (d.IsEmpty) return T("All clear for {0}", date);
        var parts = new List<string>();
        if (d.Planned.Count > 0) parts.Add(d.Planned.Count == 1 ? T("1 follow-up") : T("{0} follow-ups", f.Number(d.Planned.Count)));
        if (d.OverdueCount > 0) parts.Add(T("{0} overdue", f.Number(d.OverdueCount)));
        if (d.HandoffsWaitingCount > 0) parts.Add(d.HandoffsWaitingCount == 1 ? T("1 hand-off") : T("{0} hand-offs", f.Number(d.HandoffsWaitingCount)));
        if (d.MailboxAlerts.Count > 0) parts.Add(T("mailbox sync failing"));
        if (parts.Count == 0) parts.Add(T("what needs you"));
        return T("Your day, {0}: {1}", date, string.Join(", ", parts));
    }

    /// <summary>
    /// How to reach the client: the channel with the detail that goes with it (<see cref="Reach.By"/>): a link for a call or
    /// an email on its own channel, the postal address for a letter, or a link to add the address when there is none.
    /// </summary>
    public (string Label, string? Value, string? Href) HowToReach(PlannedItem p, DisplayFormat f)
    {
        var reach = p.Reach;
        var label = EnumLabels.Label(localizer, reach.Channel);
        return reach.By switch
        {
            Reach.Detail.PostalAddress => (label, reach.PostalAddress, null),
            // A chat on its own channel: the messenger's link (Zalo and WhatsApp by number, Telegram by username).
            Reach.Detail.Telegram => (label, "@" + reach.TelegramUsername, reach.Link),
            Reach.Detail.Zalo or Reach.Detail.WhatsApp => (label, f.Phone(reach.Value), reach.Link),
            Reach.Detail.Phone when reach.Channel == Channel.Phone => (label, f.Phone(reach.Phone), reach.Link),
            Reach.Detail.Phone => (label, f.Phone(reach.Phone), null),
            Reach.Detail.Email when reach.Channel == Channel.Email && MailAddressRules.IsValidAddress(reach.Email) => (label, reach.Email, reach.Link),
            Reach.Detail.Email => (label, reach.Email, null),
            _ when reach.NeedsPostalAddress => (label, T("No postal address yet"), links.Page($"/Clients/Edit/{p.ClientId}")),
            _ => (label, null, null),
        };
    }

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>Encoded text whose line breaks show (a postal address).</summary>
    private static string Lines(string text) => string.Join("<br>", text.ReplaceLineEndings("\n").Split('\n').Select(E));

    private static string Short(string text, int max = 160) => text.Length <= max ? text : text[..max].TrimEnd() + "…";

    public string Html(DigestContent d)
    {
        var f = Format(d);
        var rtl = CultureInfo.CurrentUICulture.TextInfo.IsRightToLeft;
        var align = rtl ? "right" : "left";
        var html = new StringBuilder(8 * 1024);
        html.Append("<!DOCTYPE html><html lang=\"").Append(E(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName)).Append("\" dir=\"")
            .Append(rtl ? "rtl" : "ltr").Append("\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">")
            .Append("<title>").Append(E(Subject(d))).Append("</title></head>")
            .Append("<body style=\"margin:0;padding:0;background:#f3f4f6;").Append(Font).Append("\">")
            .Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"background:#f3f4f6;\"><tr><td align=\"center\" style=\"padding:24px 12px;\">")
            .Append("<table role=\"presentation\" width=\"640\" cellpadding=\"0\" cellspacing=\"0\" style=\"max-width:640px;width:100%;background:#ffffff;border-radius:8px;text-align:")
            .Append(align).Append(";\">")
            .Append("<tr><td style=\"background:#1e3a5f;color:#ffffff;padding:18px 24px;border-radius:8px 8px 0 0;font-size:18px;font-weight:600;")
            .Append(Font).Append("\">Lybunt<span style=\"color:#fbbf24;\">Crm</span></td></tr>")
            .Append("<tr><td style=\"padding:20px 24px 4px 24px;").Append(Font).Append("\">")
            .Append("<p style=\"margin:0 0 6px 0;font-size:16px;color:#111827;\">").Append(E(T("Hello {0},", d.Recipient.DisplayName))).Append("</p>")
            .Append("<p style=\"margin:0;font-size:14px;color:#4b5563;\">").Append(E(d.IsEmpty
                ? T("Nothing needs you today. Every client is on track.")
                : T("Here is what needs you on {0}.", f.WeekdayDayMonth(d.Recipient.LocalDate)))).Append("</p></td></tr>");

        foreach (var alert in d.MailboxAlerts)
        {
            // First, in red: while a mailbox fails, touches stop logging themselves and Today drifts out of date.
            html.Append("<tr><td style=\"padding:14px 24px 0 24px;").Append(Font).Append("\"><table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\"><tr>")
                .Append("<td style=\"background:#fee2e2;border-radius:6px;padding:10px 14px;font-size:14px;color:#991b1b;\" data-mailbox-alert>")
                .Append(E(MailboxAlertText(alert, f)))
                .Append(" <a href=\"").Append(E(links.Page(MailboxPage(alert)))).Append("\" style=\"color:#991b1b;font-weight:600;\">").Append(E(T("Check the mailbox"))).Append("</a>")
                .Append("</td></tr></table></td></tr>");
        }
        if (d.Planned.Count > 0)
        {
            Section(html, T("Today's follow-ups ({0})", f.Number(d.Planned.Count)), [T("Client"), T("Why"), T("How")], d.Planned.Select(p =>
            {
                var how = HowToReach(p, f);
                var reach = new StringBuilder().Append("<strong>").Append(E(how.Label)).Append("</strong>");
                if (how.Value is not null)
                {
                    reach.Append("<br>");
                    if (how.Href is not null) reach.Append(p.Reach.ByPost ? "<a href=\"" : "<a dir=\"ltr\" href=\"").Append(E(how.Href)).Append("\" style=\"").Append(Link).Append("\">").Append(E(how.Value)).Append("</a>");
                    else reach.Append(Lines(how.Value));
                }
                if (!string.IsNullOrWhiteSpace(p.ContactName)) reach.Append("<br><span style=\"color:#6b7280;\">").Append(E(p.ContactName)).Append("</span>");
                var why = E(Why(p.Reason, f)) + "<br><span style=\"color:#6b7280;\">" + E(ContactFacts(p, d, f)) + "</span>";
                why += OneClickHtml(p.FollowUpId, d, f);
                return new[] { ClientLink(p.ClientId, p.ClientName), why, reach.ToString() };
            }));
        }
        if (d.OverdueCount > 0)
        {
            html.Append("<tr><td style=\"padding:14px 24px 0 24px;").Append(Font).Append("\"><table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\"><tr>")
                .Append("<td style=\"background:#fef3c7;border-radius:6px;padding:10px 14px;font-size:14px;color:#92400e;\">")
                .Append(E(d.OverdueCount == 1 ? T("1 follow-up is overdue.") : T("{0} follow-ups are overdue.", f.Number(d.OverdueCount))))
                .Append(" <a href=\"").Append(E(links.Page("/Today"))).Append("\" style=\"color:#92400e;font-weight:600;\">").Append(E(T("See them"))).Append("</a>")
                .Append("</td></tr></table></td></tr>");
        }
        if (d.Occasions.Count > 0)
        {
            Section(html, T("Occasions in the next {0} days", f.Number(DigestBuilder.OccasionDays)), [T("When"), T("Client"), T("Occasion")],
                d.Occasions.Select(o => new[] { "<span style=\"white-space:nowrap;\">" + E(f.WeekdayDayMonth(o.DueOn)) + "</span>", ClientLink(o.ClientId, o.ClientName),
                    E(Why(o.Reason, f)) + OneClickHtml(o.FollowUpId, d, f) }),
                More(d.OccasionsCount - d.Occasions.Count, f, "/Today"));
        }
        if (d.NewlyFlaggedCount > 0)
        {
            Section(html, FlaggedTitle(d, f),
                [T("Client"), T("Revenue at risk")],
                d.NewlyFlagged.Select(flagged => new[] { ClientLink(flagged.ClientId, flagged.ClientName), E(f.Amount(flagged.RevenueAtRisk, 0)) }),
                More(d.NewlyFlaggedCount - d.NewlyFlagged.Count, f, "/Lybunt"));
        }
        if (d.ReviewsDueCount > 0)
        {
            Section(html, T("Prospect reviews due ({0})", f.Number(d.ReviewsDueCount)), [T("Prospect"), T("Why")],
                d.ReviewsDue.Select(r => new[] { ClientLink(r.ClientId, r.ClientName), E(Why(r.Reason, f)) }),
                More(d.ReviewsDueCount - d.ReviewsDue.Count, f, "/Prospects"));
        }
        if (d.HandoffsWaitingCount > 0)
        {
            Section(html, T("Hand-offs waiting for you ({0})", f.Number(d.HandoffsWaitingCount)), [T("Client"), T("From"), T("Note")],
                d.HandoffsWaiting.Select(h => new[] { ClientLink(h.ClientId, h.ClientName), E(h.FromName), E(Short(h.Note)) }),
                More(d.HandoffsWaitingCount - d.HandoffsWaiting.Count, f, "/Today"));
        }

        if (d.View is { } view)
        {
            Section(html, ViewTitle(view, f), [T("Client")], view.Clients.Select(c => new[] { ClientLink(c.Id, c.Name) }),
                More(view.Count - view.Clients.Count, f, ViewPath(view)));
        }

        html.Append("<tr><td style=\"padding:22px 24px;").Append(Font).Append("\">")
            .Append("<a href=\"").Append(E(links.Page("/Today"))).Append("\" style=\"display:inline-block;background:#1d4ed8;color:#ffffff;text-decoration:none;padding:10px 18px;border-radius:6px;font-size:14px;font-weight:600;\">")
            .Append(E(T("Open today's list"))).Append("</a></td></tr>")
            .Append("<tr><td style=\"padding:14px 24px 20px 24px;border-top:1px solid #e5e7eb;font-size:12px;color:#6b7280;").Append(Font).Append("\">")
            .Append(E(T("You receive this email because the daily digest is on for your account."))).Append(' ')
            .Append("<a href=\"").Append(E(links.Page("/Account/Profile"))).Append("\" style=\"color:#6b7280;\">").Append(E(T("Change the hour or time zone"))).Append("</a> · ")
            .Append("<a href=\"").Append(E(links.TurnOff(d.Recipient.UserId))).Append("\" style=\"color:#6b7280;\">").Append(E(T("Turn off the daily email"))).Append("</a>")
            .Append("</td></tr></table></td></tr></table></body></html>");
        return html.ToString();
    }

    /// <summary>
    /// The one-click links under a follow-up: Today's quick actions, each signed for the recipient, working once and for
    /// <see cref="ActionLinks.ValidDays"/> days. They open a confirmation page, so a mail scanner following them changes nothing.
    /// </summary>
    private IEnumerable<(string Label, string Url)> OneClick(int followUpId, DigestContent d, DisplayFormat f) =>
    [
        (EnumLabels.Label(localizer, TouchpointOutcome.Reached), ActionUrl(followUpId, LinkAction.Reached, d)),
        (EnumLabels.Label(localizer, TouchpointOutcome.NoAnswer), ActionUrl(followUpId, LinkAction.NoAnswer, d)),
        (T("Snooze {0} days", f.Number(FollowUpActions.QuickSnoozeDays)), ActionUrl(followUpId, LinkAction.Snooze, d)),
    ];

    private string OneClickHtml(int followUpId, DigestContent d, DisplayFormat f) =>
        "<br><span style=\"font-size:13px;\" data-action-links>" + string.Join(" · ",
            OneClick(followUpId, d, f).Select(a => $"<a href=\"{E(a.Url)}\" style=\"{Link}font-weight:600;white-space:nowrap;\">{E(a.Label)}</a>")) + "</span>";

    /// <summary>The HTML and the text part carry the same link, so each action can be taken once, not once per part.</summary>
    private string ActionUrl(int followUpId, LinkAction action, DigestContent d)
    {
        var key = (d.Recipient.UserId, followUpId, action);
        if (!_actionUrls.TryGetValue(key, out var url)) _actionUrls[key] = url = actionLinks.Url(followUpId, action, d.Recipient.UserId);
        return url;
    }

    private string MailboxAlertText(MailboxAlert alert, DisplayFormat f)
    {
        var problem = EnumLabels.Label(localizer, alert.Problem);
        return alert.TeamMailbox
            ? T("The team mailbox has failed to sync {0} times in a row: {1}.", f.Number(alert.Failures), problem)
            : T("Your mailbox has failed to sync {0} times in a row: {1}.", f.Number(alert.Failures), problem);
    }

    /// <summary>Where the mailbox is mended: a manager's own on their account page, the team's in Admin.</summary>
    private static string MailboxPage(MailboxAlert alert) => alert.TeamMailbox ? "/Admin/Mailboxes" : "/Account/Mailbox";

    private string FlaggedTitle(DigestContent d, DisplayFormat f) => d.NewlyFlaggedCount == 1
        ? T("Newly flagged LYBUNT: 1 client, {0} at risk", f.Amount(d.NewlyFlaggedRevenue, 0))
        : T("Newly flagged LYBUNT: {0} clients, {1} at risk", f.Number(d.NewlyFlaggedCount), f.Amount(d.NewlyFlaggedRevenue, 0));

    private string ViewTitle(ViewSection view, DisplayFormat f) => view.Count > Clients.ClientList.CountCap
        ? T("From your view {0}: {1}+ clients", view.Name, f.Number(Clients.ClientList.CountCap))
        : T("From your view {0}: {1} clients", view.Name, f.Number(view.Count));

    private static string ViewPath(ViewSection view) => "/Clients?view=" + view.ViewId.ToString(CultureInfo.InvariantCulture);

    private string? More(int more, DisplayFormat f, string path) => more > 0
        ? $"<a href=\"{E(links.Page(path))}\" style=\"{Link}\">{E(T("and {0} more", f.Number(more)))}</a>"
        : null;

    private void MoreText(StringBuilder text, int more, DisplayFormat f)
    {
        if (more > 0) text.AppendLine(T("and {0} more", f.Number(more)));
    }

    private string ClientLink(int clientId, string name) =>
        $"<a href=\"{E(links.Client(clientId))}\" style=\"{Link}font-weight:600;\">{E(name)}</a>";

    private static void Section(StringBuilder html, string title, string[] headers, IEnumerable<string[]> rows, string? footer = null)
    {
        html.Append("<tr><td style=\"padding:18px 24px 0 24px;").Append(Font).Append("\">")
            .Append("<h2 style=\"margin:0 0 8px 0;font-size:15px;color:#111827;\">").Append(E(title)).Append("</h2>")
            .Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"border-collapse:collapse;\"><tr>");
        foreach (var header in headers) html.Append("<th style=\"").Append(HeadCell).Append("\">").Append(E(header)).Append("</th>");
        html.Append("</tr>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var cell in row) html.Append("<td style=\"").Append(Cell).Append("\">").Append(cell).Append("</td>");
            html.Append("</tr>");
        }
        html.Append("</table>");
        if (footer is not null) html.Append("<p style=\"margin:6px 0 0 0;font-size:13px;\">").Append(footer).Append("</p>");
        html.Append("</td></tr>");
    }

    public string Text(DigestContent d)
    {
        var f = Format(d);
        var text = new StringBuilder(4 * 1024);
        text.AppendLine(T("Hello {0},", d.Recipient.DisplayName)).AppendLine();
        text.AppendLine(d.IsEmpty ? T("Nothing needs you today. Every client is on track.") : T("Here is what needs you on {0}.", f.WeekdayDayMonth(d.Recipient.LocalDate)));
        foreach (var alert in d.MailboxAlerts)
            text.AppendLine().AppendLine(MailboxAlertText(alert, f)).Append(T("Check the mailbox")).Append(": ").AppendLine(links.Page(MailboxPage(alert)));
        if (d.Planned.Count > 0)
        {
            Heading(text, T("Today's follow-ups ({0})", f.Number(d.Planned.Count)));
            foreach (var p in d.Planned)
            {
                var how = HowToReach(p, f);
                text.Append("- ").Append(p.ClientName).Append(" — ").AppendLine(Why(p.Reason, f));
                text.Append("  ").AppendLine(ContactFacts(p, d, f));
                text.Append("  ").Append(how.Label);
                // A postal address keeps its lines, indented under the channel.
                if (how.Value is not null) text.Append(": ").Append(how.Value.ReplaceLineEndings(Environment.NewLine + "    "));
                if (how.Href is not null && how.Value is not null && (p.Reach.NeedsPostalAddress || p.Reach.ByChat)) text.Append(" (").Append(how.Href).Append(')');
                if (!string.IsNullOrWhiteSpace(p.ContactName)) text.Append(" (").Append(p.ContactName).Append(')');
                text.AppendLine().Append("  ").AppendLine(links.Client(p.ClientId));
                foreach (var (label, url) in OneClick(p.FollowUpId, d, f)) text.Append("  ").Append(label).Append(": ").AppendLine(url);
            }
        }
        if (d.OverdueCount > 0)
        {
            text.AppendLine().AppendLine(d.OverdueCount == 1 ? T("1 follow-up is overdue.") : T("{0} follow-ups are overdue.", f.Number(d.OverdueCount)))
                .AppendLine(links.Page("/Today"));
        }
        if (d.Occasions.Count > 0)
        {
            Heading(text, T("Occasions in the next {0} days", f.Number(DigestBuilder.OccasionDays)));
            foreach (var o in d.Occasions)
            {
                text.Append("- ").Append(f.WeekdayDayMonth(o.DueOn)).Append(": ").Append(o.ClientName).Append(" — ").AppendLine(Why(o.Reason, f));
                foreach (var (label, url) in OneClick(o.FollowUpId, d, f)) text.Append("  ").Append(label).Append(": ").AppendLine(url);
            }
            MoreText(text, d.OccasionsCount - d.Occasions.Count, f);
        }
        if (d.NewlyFlaggedCount > 0)
        {
            Heading(text, FlaggedTitle(d, f));
            foreach (var flagged in d.NewlyFlagged) text.Append("- ").Append(flagged.ClientName).Append(": ").AppendLine(f.Amount(flagged.RevenueAtRisk, 0));
            MoreText(text, d.NewlyFlaggedCount - d.NewlyFlagged.Count, f);
            text.AppendLine(links.Page("/Lybunt"));
        }
        if (d.ReviewsDueCount > 0)
        {
            Heading(text, T("Prospect reviews due ({0})", f.Number(d.ReviewsDueCount)));
            foreach (var r in d.ReviewsDue) text.Append("- ").Append(r.ClientName).Append(" — ").AppendLine(Why(r.Reason, f));
            MoreText(text, d.ReviewsDueCount - d.ReviewsDue.Count, f);
            text.AppendLine(links.Page("/Prospects"));
        }
        if (d.HandoffsWaitingCount > 0)
        {
            Heading(text, T("Hand-offs waiting for you ({0})", f.Number(d.HandoffsWaitingCount)));
            foreach (var h in d.HandoffsWaiting)
                text.Append("- ").Append(h.ClientName).Append(" (").Append(T("from {0}", h.FromName)).Append("): ").AppendLine(Short(h.Note));
            MoreText(text, d.HandoffsWaitingCount - d.HandoffsWaiting.Count, f);
        }
        if (d.View is { } view)
        {
            Heading(text, ViewTitle(view, f));
            foreach (var c in view.Clients) text.Append("- ").Append(c.Name).Append(": ").AppendLine(links.Client(c.Id));
            MoreText(text, view.Count - view.Clients.Count, f);
            text.AppendLine(links.Page(ViewPath(view)));
        }
        text.AppendLine().Append(T("Open today's list")).Append(": ").AppendLine(links.Page("/Today"));
        text.AppendLine().AppendLine("--")
            .AppendLine(T("You receive this email because the daily digest is on for your account."))
            .Append(T("Change the hour or time zone")).Append(": ").AppendLine(links.Page("/Account/Profile"))
            .Append(T("Turn off the daily email")).Append(": ").AppendLine(links.TurnOff(d.Recipient.UserId));
        return text.ToString();
    }

    private static void Heading(StringBuilder text, string title) =>
        text.AppendLine().AppendLine(title).AppendLine(new string('=', Math.Min(60, title.Length)));
}
