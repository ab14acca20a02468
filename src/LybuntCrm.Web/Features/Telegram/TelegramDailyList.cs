using System.Globalization;
using System.Text;
using System.Text.Json;
using LybuntCrm.Web.Features.Digest;
using LybuntCrm.Web.Features.Today;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.Extensions.Localization;
using Telegram.Bot;
using Telegram.Bot.Types.ReplyMarkups;

namespace LybuntCrm.Web.Features.Telegram;

/// <summary>
/// The daily list as Telegram messages, in the manager's language: one with the day's summary, then one per planned
/// follow-up with the buttons Reached, No answer, Snooze 3 days and Open. The content is the digest's (<see cref="DigestBuilder"/>),
/// so the chat and the email never disagree.
/// </summary>
public sealed class TelegramDailyList(IStringLocalizer<SharedResource> localizer, DigestTemplate template, DigestLinks links)
{
    public const string SummaryKind = "tg-day";
    public const string FollowUpKindPrefix = "tg-fu-";
    /// <summary>Right-to-left mark: Telegram sets a message's direction from its first strong letter, which may be a Latin name.</summary>
    private const string RightToLeftMark = "\u200F";

    /// <summary>The messages for one manager's day; <paramref name="kindSuffix"/> makes a list asked for again (/today) new rows.</summary>
    public IReadOnlyList<TelegramMessage> Render(DigestContent d, long chatId, string kindSuffix = "")
    {
        using var _ = CultureScope.Use(d.Recipient.Culture);
        var f = DigestTemplate.Format(d);
        var rtl = CultureInfo.CurrentUICulture.TextInfo.IsRightToLeft;
        var date = d.Recipient.LocalDate;
        var name = d.Recipient.DisplayName;
        var messages = new List<TelegramMessage> { new(chatId, name, SummaryKind + kindSuffix, date, template.Subject(d), Direction(rtl, Summary(d, f))) };
        foreach (var p in d.Planned)
        {
            messages.Add(new TelegramMessage(chatId, name, FollowUpKindPrefix + p.FollowUpId + kindSuffix, date, p.ClientName,
                Direction(rtl, Item(d, p, f)), Keyboard(p.FollowUpId, p.ClientId, f), p.FollowUpId, p.ClientId));
        }
        return messages;
    }

    /// <summary>The text of a follow-up's message after a button was pressed: what was done, by whom.</summary>
    public string Done(string culture, string what, string byName)
    {
        using var _ = CultureScope.Use(culture);
        return Direction(CultureInfo.CurrentUICulture.TextInfo.IsRightToLeft, "✅ " + E(what) + "\n<i>" + E(T("by {0}", Bidi.Isolate(byName))) + "</i>");
    }

    private string T(string text, params object[] args) => localizer[text, args].Value;

    /// <summary>Escapes what the Bot API's HTML parse mode reads as markup (&lt;, &gt;, &amp; and, in attributes, quotes); letters stay letters.</summary>
    public static string E(string? text) => (text ?? "").Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");

    /// <summary>The message as Telegram should set it: right to left when the reader's language is.</summary>
    public static string Direction(bool rtl, string html) => rtl ? RightToLeftMark + html : html;

    private string Summary(DigestContent d, DisplayFormat f)
    {
        var text = new StringBuilder();
        text.Append("<b>").Append(E(template.Subject(d))).Append("</b>\n");
        text.Append(E(d.IsEmpty ? T("Nothing needs you today. Every client is on track.") : T("Here is what needs you on {0}.", f.WeekdayDayMonth(d.Recipient.LocalDate))));
        if (d.OverdueCount > 0)
            text.Append('\n').Append(E(d.OverdueCount == 1 ? T("1 follow-up is overdue.") : T("{0} follow-ups are overdue.", f.Number(d.OverdueCount))));
        if (d.OccasionsCount > 0)
        {
            text.Append("\n\n<b>").Append(E(T("Occasions in the next {0} days", f.Number(DigestBuilder.OccasionDays)))).Append("</b>");
            foreach (var o in d.Occasions)
                text.Append("\n• ").Append(E(f.WeekdayDayMonth(o.DueOn))).Append(": ").Append(E(Bidi.Isolate(o.ClientName)))
                    .Append(" — ").Append(E(FollowUpReasons.Describe(o.Reason, localizer, f)));
        }
        if (d.NewlyFlaggedCount > 0)
            text.Append("\n\n").Append(Link(T("Newly flagged LYBUNT clients: {0}", f.Number(d.NewlyFlaggedCount)), links.Page("/Lybunt")));
        if (d.ReviewsDueCount > 0)
            text.Append("\n\n").Append(Link(T("Prospect reviews due ({0})", f.Number(d.ReviewsDueCount)), links.Page("/Prospects")));
        if (d.HandoffsWaitingCount > 0)
            text.Append("\n\n").Append(Link(T("Hand-offs waiting for you ({0})", f.Number(d.HandoffsWaitingCount)), links.Page("/Today")));
        text.Append("\n\n").Append(Link(T("Open Today"), links.Page("/Today")));
        return text.ToString();
    }

    private string Item(DigestContent d, PlannedItem p, DisplayFormat f)
    {
        var text = new StringBuilder();
        text.Append("<b>").Append(E(Bidi.Isolate(p.ClientName))).Append("</b>");
        if (!string.IsNullOrWhiteSpace(p.ContactName)) text.Append(" · ").Append(E(Bidi.Isolate(p.ContactName)));
        text.Append('\n').Append(E(FollowUpReasons.Describe(p.Reason, localizer, f)));
        var how = template.HowToReach(p, f);
        text.Append('\n').Append(E(how.Label));
        if (how.Value is not null)
        {
            // A number, an address or a username reads left to right inside a Persian line.
            var value = E(Bidi.Isolate(how.Value));
            text.Append(": ").Append(how.Href is not null && IsWebLink(how.Href) ? $"<a href=\"{E(how.Href)}\">{value}</a>" : value);
        }
        text.Append("\n<i>").Append(E(TimelineText.Contact(localizer, f, d.Recipient.LocalDate, p.LastAttemptOn, p.LastReachedOn))).Append("</i>");
        return text.ToString();
    }

    /// <summary>Telegram links only http(s) and tg: addresses in text; a tel: or mailto: link would be refused, so the value stays plain.</summary>
    private static bool IsWebLink(string href) =>
        href.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || href.StartsWith("http://", StringComparison.OrdinalIgnoreCase);

    private static string Link(string label, string url) => $"<a href=\"{E(url)}\">{E(label)}</a>";

    private string Keyboard(int followUpId, int clientId, DisplayFormat f)
    {
        var markup = new InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton.WithCallbackData(T("Reached"), TelegramCallback.Data(LinkAction.Reached, followUpId)),
                InlineKeyboardButton.WithCallbackData(T("No answer"), TelegramCallback.Data(LinkAction.NoAnswer, followUpId)),
            ],
            [
                InlineKeyboardButton.WithCallbackData(T("Snooze {0} days", f.Number(FollowUpActions.QuickSnoozeDays)), TelegramCallback.Data(LinkAction.Snooze, followUpId)),
                InlineKeyboardButton.WithUrl(T("Open the client"), links.Client(clientId)),
            ],
        ]);
        return JsonSerializer.Serialize(markup, JsonBotAPI.Options);
    }
}
