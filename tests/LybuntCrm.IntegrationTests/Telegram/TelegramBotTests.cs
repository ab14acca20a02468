using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LybuntCrm.IntegrationTests.Features.Today;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.IntegrationTests.Smtp;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Digest;
using LybuntCrm.Web.Features.Telegram;
using LybuntCrm.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Telegram;

/// <summary>The Telegram bot against a local Bot API stand-in: linking, the daily list with its buttons, and Telegram's errors.</summary>
public sealed class TelegramBotTests
{
    private static readonly DateTimeOffset EightUtc = new(2026, 6, 15, 8, 0, 0, TimeSpan.Zero);
    private const long AnChat = 5550001;

    private static EmailApp NewApp(BotApiStandIn api, IDictionary<string, string?>? more = null)
    {
        var settings = api.Settings();
        foreach (var (key, value) in more ?? new Dictionary<string, string?>()) settings[key] = value;
        return new EmailApp(EightUtc, settings);
    }

    private static async Task Eventually(Func<Task<bool>> condition, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"Waited 20 s for {what}");
            await Task.Delay(50);
        }
    }

    private static Task Eventually(Func<bool> condition, string what) => Eventually(() => Task.FromResult(condition()), what);

    private static Task LinkAsync(CrmApp app, string userId, long chatId, DigestDelivery delivery = DigestDelivery.Telegram) =>
        app.WithDbAsync(db => db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.TelegramChatId, chatId)
            .SetProperty(u => u.TelegramLinkedAtUtc, EightUtc.UtcDateTime)
            .SetProperty(u => u.DigestDelivery, delivery)));

    private static async Task<string> ConnectCodeAsync(CrmApp app, string email)
    {
        using var browser = await app.SignedInAsync(email);
        var page = await browser.GetPageAsync("/Account/Telegram");
        var href = page.Document.QuerySelector("[data-testid=telegram-connect]")!.GetAttribute("href")!;
        href.Should().StartWith("https://t.me/lybunt_test_bot?start=");
        return href[(href.IndexOf("start=", StringComparison.Ordinal) + 6)..];
    }

    private static string TextTo(BotApiStandIn api, long chatId, int index = -1)
    {
        var sent = api.CallsTo("sendMessage").Where(c => c.Body["chat_id"]!.GetValue<long>() == chatId).ToList();
        return sent[index < 0 ? sent.Count + index : index].Body["text"]!.GetValue<string>();
    }

    [Fact]
    public async Task A_start_code_links_the_chat_once_and_an_expired_or_reused_code_is_refused_in_words()
    {
        await using var api = new BotApiStandIn();
        using var app = NewApp(api);
        var (_, an, _) = await app.EnsureStandardUsersAsync();

        var code = await ConnectCodeAsync(app, CrmApp.ManagerEmail);
        api.PushText(AnChat, "/start " + code);
        await Eventually(() => app.WithDbAsync(db => db.Users.AnyAsync(u => u.Id == an && u.TelegramChatId == AnChat)), "the chat to be linked");
        await Eventually(() => api.CallsTo("sendMessage").Count >= 1, "the welcome");
        TextTo(api, AnChat).Should().Contain("You are connected").And.Contain("An Nguyen");
        var user = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == an));
        user.TelegramLinkCodeHash.Should().BeNull("a code works once");
        user.DigestDelivery.Should().Be(DigestDelivery.Both, "a new chat gets the list without taking email away");

        // The same code again, from another chat: refused, and the link stays where it was.
        api.PushText(7770001, "/start " + code, language: "vi");
        await Eventually(() => api.CallsTo("sendMessage").Any(c => c.Body["chat_id"]!.GetValue<long>() == 7770001), "the refusal");
        TextTo(api, 7770001).Should().Contain("Liên kết này không hợp lệ", "a stranger is answered in the language Telegram reports");
        (await app.WithDbAsync(db => db.Users.CountAsync(u => u.TelegramChatId != null))).Should().Be(1);

        // A code older than 15 minutes.
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == an).ExecuteUpdateAsync(s => s.SetProperty(u => u.TelegramChatId, (long?)null)));
        var late = await ConnectCodeAsync(app, CrmApp.ManagerEmail);
        app.Time.Advance(TelegramLinks.CodeLifetime + TimeSpan.FromSeconds(1));
        api.PushText(AnChat, "/start " + late);
        await Eventually(() => api.CallsTo("sendMessage").Count(c => c.Body["chat_id"]!.GetValue<long>() == AnChat) >= 2, "the expiry notice");
        TextTo(api, AnChat).Should().Contain("expired");
        (await app.WithDbAsync(db => db.Users.AnyAsync(u => u.TelegramChatId == AnChat))).Should().BeFalse();

        // /stop unlinks.
        var again = await ConnectCodeAsync(app, CrmApp.ManagerEmail);
        api.PushText(AnChat, "/start " + again);
        await Eventually(() => app.WithDbAsync(db => db.Users.AnyAsync(u => u.TelegramChatId == AnChat)), "the chat to be linked again");
        api.PushText(AnChat, "/stop");
        await Eventually(() => app.WithDbAsync(db => db.Users.AnyAsync(u => u.Id == an && u.TelegramChatId == null && u.DigestDelivery == DigestDelivery.Email)), "the chat to be unlinked");
    }

    [Fact]
    public async Task The_daily_list_is_one_summary_and_one_message_per_follow_up_with_its_buttons_sent_once()
    {
        await using var api = new BotApiStandIn();
        using var app = NewApp(api);
        var (_, an, tom) = await app.EnsureStandardUsersAsync();
        await LinkAsync(app, an, AnChat);
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == an).ExecuteUpdateAsync(s => s.SetProperty(u => u.Culture, "fa")));
        var acme = await TodaySeed.ClientAsync(app, an, "Acme <Florists> & Co", lastContactDaysAgo: 130);
        await TodaySeed.ClientAsync(app, an, "Bravo Bakery", lastContactDaysAgo: 125);
        await TodaySeed.ClientAsync(app, tom, "Tom's Timber", lastContactDaysAgo: 140);
        await TodaySeed.RunCheckInsAsync(app);

        await app.RunJobAsync(DailyDigestJob.JobId);
        await app.RunJobAsync(OutboxSendJob.JobId);

        var outbox = await app.OutboxAsync();
        outbox.Should().NotContain(e => e.Recipient == CrmApp.ManagerEmail, "An chose Telegram only");
        outbox.Should().Contain(e => e.Recipient == CrmApp.OtherManagerEmail && e.Kind == Outbox.DigestKind);
        var sent = api.CallsTo("sendMessage").Where(c => c.Body["chat_id"]!.GetValue<long>() == AnChat).ToList();
        sent.Should().HaveCount(3, "a summary and two follow-ups");
        sent.Should().OnlyContain(c => c.Body["parse_mode"]!.GetValue<string>().Equals("HTML", StringComparison.OrdinalIgnoreCase));
        var summary = sent[0].Body["text"]!.GetValue<string>();
        summary.Should().StartWith("\u200F", "a Persian message reads right to left whatever its first name");
        var item = sent.Select(c => c.Body["text"]!.GetValue<string>()).Single(t => t.Contains("Acme", StringComparison.Ordinal));
        item.Should().Contain("Acme &lt;Florists&gt; &amp; Co", "every value is escaped for HTML parse mode");
        var buttons = sent.Single(c => c.Body["text"]!.GetValue<string>().Contains("Acme", StringComparison.Ordinal)).Body["reply_markup"]!["inline_keyboard"]!
            .AsArray().SelectMany(row => row!.AsArray()).ToList();
        buttons.Select(b => b!["text"]!.GetValue<string>()).Should().HaveCount(4);
        var followUpId = await app.WithDbAsync(db => db.FollowUps.Where(f => f.ClientId == acme && f.Status == FollowUpStatus.Open).Select(f => f.Id).SingleAsync());
        buttons.Take(3).Select(b => b!["callback_data"]!.GetValue<string>()).Should().Equal($"1:{followUpId}", $"2:{followUpId}", $"3:{followUpId}");
        buttons[3]!["url"]!.GetValue<string>().Should().EndWith($"/Clients/{acme}");

        // Later runs the same day write and send nothing more.
        app.Time.Advance(TimeSpan.FromHours(1));
        await app.RunJobAsync(DailyDigestJob.JobId);
        await app.RunJobAsync(OutboxSendJob.JobId);
        api.CallsTo("sendMessage").Count(c => c.Body["chat_id"]!.GetValue<long>() == AnChat).Should().Be(3);
    }

    [Fact]
    public async Task A_button_logs_exactly_one_touch_through_the_pipeline_and_edits_the_message()
    {
        await using var api = new BotApiStandIn();
        using var app = NewApp(api);
        var (_, an, _) = await app.EnsureStandardUsersAsync();
        await LinkAsync(app, an, AnChat);
        var acme = await TodaySeed.ClientAsync(app, an, "Acme Florists", lastContactDaysAgo: 130);
        await TodaySeed.RunCheckInsAsync(app);
        var followUpId = await app.WithDbAsync(db => db.FollowUps.Where(f => f.ClientId == acme && f.Status == FollowUpStatus.Open).Select(f => f.Id).SingleAsync());

        // Pressed twice before the first press was answered.
        api.PushCallback(AnChat, 42, $"1:{followUpId}");
        api.PushCallback(AnChat, 42, $"1:{followUpId}");
        await Eventually(() => api.CallsTo("answerCallbackQuery").Count == 2, "both presses to be answered");

        var (touches, followUp, client) = await app.WithDbAsync(async db => (
            await db.Touchpoints.Where(t => t.ClientId == acme && t.OccurredOn == app.Today).ToListAsync(),
            await db.FollowUps.AsNoTracking().SingleAsync(f => f.Id == followUpId),
            await db.Clients.AsNoTracking().SingleAsync(c => c.Id == acme)));
        touches.Should().ContainSingle().Which.Outcome.Should().Be(TouchpointOutcome.Reached);
        touches[0].UserId.Should().Be(an);
        followUp.Status.Should().Be(FollowUpStatus.Done, "the same pipeline as Today closes the check-in at once");
        client.LastContactOn.Should().Be(app.Today);
        (await app.WithDbAsync(db => db.FollowUps.CountAsync(f => f.ClientId == acme && f.Status == FollowUpStatus.Open && f.PlannedOn <= app.Today)))
            .Should().Be(0, "the next check-in is months away");
        var edit = api.CallsTo("editMessageText").Should().ContainSingle().Subject;
        edit.Body["message_id"]!.GetValue<int>().Should().Be(42);
        edit.Body["text"]!.GetValue<string>().Should().Contain("An Nguyen");
        edit.Body["reply_markup"].Should().BeNull("the buttons are gone once used");
        var answers = api.CallsTo("answerCallbackQuery").Select(c => c.Body["text"]?.GetValue<string>() ?? "").ToList();
        answers.Should().ContainSingle(a => a.Contains("Acme Florists", StringComparison.Ordinal));
        answers.Should().ContainSingle(a => a.Contains("already", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_button_on_someone_elses_follow_up_or_with_garbage_data_changes_nothing()
    {
        await using var api = new BotApiStandIn();
        using var app = NewApp(api);
        var (_, an, tom) = await app.EnsureStandardUsersAsync();
        await LinkAsync(app, an, AnChat);
        var timber = await TodaySeed.ClientAsync(app, tom, "Tom's Timber", lastContactDaysAgo: 140);
        await TodaySeed.RunCheckInsAsync(app);
        var tomsFollowUp = await app.WithDbAsync(db => db.FollowUps.Where(f => f.ClientId == timber).Select(f => f.Id).SingleAsync());

        api.PushCallback(AnChat, 7, $"1:{tomsFollowUp}");
        api.PushCallback(AnChat, 8, "drop table");
        api.PushCallback(9990001, 9, $"1:{tomsFollowUp}");
        // An update of a kind the bot does not ask for, with fields it has never seen.
        api.Push(new JsonObject { ["poll"] = new JsonObject { ["id"] = "x", ["question"] = "?", ["options"] = new JsonArray(), ["surprise"] = 1 } });
        var last = api.PushText(AnChat, "hello");
        await Eventually(() => api.AllUpdatesConsumed, "every update to be read");
        await Eventually(() => api.CallsTo("sendMessage").Count >= 1, "the help for 'hello'");

        (await app.WithDbAsync(db => db.Touchpoints.CountAsync(t => t.OccurredOn == app.Today))).Should().Be(0);
        (await app.WithDbAsync(db => db.FollowUps.CountAsync(f => f.Id == tomsFollowUp && f.Status == FollowUpStatus.Open))).Should().Be(1);
        api.CallsTo("answerCallbackQuery").Should().HaveCount(3);
        api.CallsTo("editMessageText").Should().BeEmpty();
        TextTo(api, AnChat).Should().Contain("/today");
        last.Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task A_429_is_retried_after_retry_after_and_a_5xx_with_backoff()
    {
        await using var api = new BotApiStandIn();
        using var app = NewApp(api);
        var (_, an, _) = await app.EnsureStandardUsersAsync();
        await LinkAsync(app, an, AnChat);
        await TodaySeed.ClientAsync(app, an, "Acme Florists", lastContactDaysAgo: 130);
        await TodaySeed.RunCheckInsAsync(app);
        await app.RunJobAsync(DailyDigestJob.JobId);

        api.FailNext("sendMessage", 429, "Too Many Requests: retry after 7", retryAfter: 7);
        await app.RunJobAsync(OutboxSendJob.JobId);
        var rows = (await app.OutboxAsync()).Where(e => e.Channel == OutboxChannel.Telegram).ToList();
        rows.Should().HaveCount(2).And.OnlyContain(e => e.Status == EmailStatus.Pending, "the whole run waits once Telegram asks to");
        rows.Should().OnlyContain(e => e.NextAttemptAtUtc == app.Time.Now.UtcDateTime.AddSeconds(7));
        api.CallsTo("sendMessage").Should().HaveCount(1, "nothing more is tried in the same run");

        app.Time.Advance(TimeSpan.FromSeconds(8));
        api.FailNext("sendMessage", 502, "Bad Gateway");
        await app.RunJobAsync(OutboxSendJob.JobId);
        rows = (await app.OutboxAsync()).Where(e => e.Channel == OutboxChannel.Telegram).ToList();
        rows.Count(e => e.Status == EmailStatus.Sent).Should().Be(1);
        rows.Single(e => e.Status == EmailStatus.Pending).LastError.Should().Contain("502");

        app.Time.Advance(OutboxQueue.Backoff(3) + TimeSpan.FromSeconds(1));
        await app.RunJobAsync(OutboxSendJob.JobId);
        (await app.OutboxAsync()).Where(e => e.Channel == OutboxChannel.Telegram).Should().OnlyContain(e => e.Status == EmailStatus.Sent && e.DeliveryCount == 1);
    }

    [Fact]
    public async Task A_chat_that_blocked_the_bot_stops_its_messages_and_the_next_list_goes_by_email()
    {
        await using var api = new BotApiStandIn();
        using var app = NewApp(api);
        var (_, an, _) = await app.EnsureStandardUsersAsync();
        await LinkAsync(app, an, AnChat);
        await TodaySeed.ClientAsync(app, an, "Acme Florists", lastContactDaysAgo: 130);
        await TodaySeed.ClientAsync(app, an, "Bravo Bakery", lastContactDaysAgo: 125);
        await TodaySeed.RunCheckInsAsync(app);
        await app.RunJobAsync(DailyDigestJob.JobId);

        api.FailNext("sendMessage", 403, "Forbidden: bot was blocked by the user");
        await app.RunJobAsync(OutboxSendJob.JobId);
        var rows = (await app.OutboxAsync()).Where(e => e.Channel == OutboxChannel.Telegram).ToList();
        rows.Should().HaveCount(3).And.OnlyContain(e => e.Status == EmailStatus.Failed);
        rows[0].LastError.Should().Contain("blocked the bot");
        api.CallsTo("sendMessage").Should().HaveCount(1, "nothing more is tried for that chat");
        (await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Id == an))).TelegramBlockedAtUtc.Should().NotBeNull();

        using (var browser = await app.SignedInAsync(CrmApp.ManagerEmail))
            (await browser.GetPageAsync("/Account/Telegram")).Document.QuerySelector("[data-testid=telegram-blocked]").Should().NotBeNull();
        using (var admin = await app.SignedInAsync(CrmApp.AdminEmail))
            (await admin.GetPageAsync("/Admin/Outbox")).Document.QuerySelector("[data-testid=telegram-status]")!.TextContent.Should().Contain("blocked the bot");

        // The next day the list is not lost: it comes by email.
        app.Time.Advance(TimeSpan.FromDays(1));
        using var tomorrow = new EmailApp(EightUtc.AddDays(1), new Dictionary<string, string?>(app.SameDatabase()) { ["Telegram:BotToken"] = BotApiStandIn.Token, ["Telegram:BotName"] = "lybunt_test_bot", ["Telegram:ApiBaseUrl"] = api.BaseUrl });
        await tomorrow.RunJobAsync(DailyDigestJob.JobId);
        (await tomorrow.OutboxAsync()).Should().Contain(e => e.Recipient == CrmApp.ManagerEmail && e.Kind == Outbox.DigestKind);
    }

    [Fact]
    public async Task A_refused_token_is_shown_to_the_admin_in_words_and_stops_sending()
    {
        await using var api = new BotApiStandIn();
        using var app = NewApp(api, new Dictionary<string, string?> { ["Telegram:BotToken"] = "999:revoked" });
        var (_, an, _) = await app.EnsureStandardUsersAsync();
        await LinkAsync(app, an, AnChat);
        await TodaySeed.ClientAsync(app, an, "Acme Florists", lastContactDaysAgo: 130);
        await TodaySeed.RunCheckInsAsync(app);
        await app.RunJobAsync(DailyDigestJob.JobId);

        // Whichever meets the refusal first, the poller or the sender, records it; from then on nothing is sent.
        await app.RunJobAsync(OutboxSendJob.JobId);
        await Eventually(() => app.WithDbAsync(db => db.Settings.AnyAsync(s => s.Key == TelegramStatus.TokenRefusedSetting)), "the refusal to be recorded");
        var sends = api.CallsTo("sendMessage").Count;
        sends.Should().BeLessThanOrEqualTo(1);
        await app.RunJobAsync(OutboxSendJob.JobId);
        app.Time.Advance(TimeSpan.FromHours(3));
        await app.RunJobAsync(OutboxSendJob.JobId);
        api.CallsTo("sendMessage").Should().HaveCount(sends, "a refused token is not tried again");
        (await app.OutboxAsync()).Should().NotContain(e => e.Status == EmailStatus.Sent);

        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);
        var status = (await admin.GetPageAsync("/Admin/Outbox")).Document.QuerySelector("[data-testid=telegram-status]")!.TextContent;
        status.Should().Contain("Telegram refused the bot token").And.Contain("Unauthorized").And.NotContain("999:revoked");
    }

    [Fact]
    public async Task The_webhook_checks_the_secret_header_and_refuses_a_malformed_update()
    {
        await using var api = new BotApiStandIn();
        // Over https the poller sets the webhook and never polls.
        using var app = NewApp(api, new Dictionary<string, string?> { ["App:BaseUrl"] = "https://crm.example.com" });
        var (_, an, _) = await app.EnsureStandardUsersAsync();
        using var http = app.CreateClient();
        await Eventually(() => api.CallsTo("setWebhook").Count == 1, "the webhook to be set");
        var secret = api.CallsTo("setWebhook")[0].Body["secret_token"]!.GetValue<string>();
        api.CallsTo("setWebhook")[0].Body["url"]!.GetValue<string>().Should().Be("https://crm.example.com" + TelegramWebhook.Path);

        async Task<HttpStatusCode> PostAsync(string body, string? token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, TelegramWebhook.Path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            if (token is not null) request.Headers.Add(TelegramWebhook.SecretHeader, token);
            return (await http.SendAsync(request)).StatusCode;
        }

        var code = await ConnectCodeAsync(app, CrmApp.ManagerEmail);
        var start = new JsonObject
        {
            ["update_id"] = 1,
            ["message"] = new JsonObject
            {
                ["message_id"] = 1,
                ["date"] = 1_780_000_000,
                ["text"] = "/start " + code,
                ["chat"] = new JsonObject { ["id"] = AnChat, ["type"] = "private" },
            },
        }.ToJsonString();
        (await PostAsync(start, null)).Should().Be(HttpStatusCode.Unauthorized);
        (await PostAsync(start, "wrong")).Should().Be(HttpStatusCode.Unauthorized);
        (await PostAsync("{\"update_id\": \"not a number\", ", secret)).Should().Be(HttpStatusCode.BadRequest);
        (await app.WithDbAsync(db => db.Users.AnyAsync(u => u.TelegramChatId != null))).Should().BeFalse();

        (await PostAsync(start, secret)).Should().Be(HttpStatusCode.OK);
        (await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Id == an))).TelegramChatId.Should().Be(AnChat);
        api.CallsTo("getUpdates").Should().BeEmpty();
    }

    [Fact]
    public async Task Two_app_instances_send_each_message_once()
    {
        await using var api = new BotApiStandIn();
        using var first = NewApp(api);
        var (_, an, tom) = await first.EnsureStandardUsersAsync();
        await LinkAsync(first, an, AnChat);
        await LinkAsync(first, tom, 5550002);
        for (var i = 0; i < 12; i++)
        {
            await TodaySeed.ClientAsync(first, an, $"An client {i:00}", lastContactDaysAgo: 120 + i);
            await TodaySeed.ClientAsync(first, tom, $"Tom client {i:00}", lastContactDaysAgo: 120 + i);
        }
        await TodaySeed.RunCheckInsAsync(first);
        var settings = first.SameDatabase();
        foreach (var (key, value) in api.Settings()) settings[key] = value;
        using var second = new EmailApp(EightUtc, settings);

        await Task.WhenAll(first.RunJobAsync(DailyDigestJob.JobId), second.RunJobAsync(DailyDigestJob.JobId));
        await Task.WhenAll(first.RunJobAsync(OutboxSendJob.JobId), second.RunJobAsync(OutboxSendJob.JobId));

        var rows = (await first.OutboxAsync()).Where(e => e.Channel == OutboxChannel.Telegram).ToList();
        rows.Should().OnlyContain(e => e.Status == EmailStatus.Sent && e.DeliveryCount == 1);
        var sent = api.CallsTo("sendMessage");
        sent.Should().HaveCount(rows.Count);
        sent.Select(c => (c.Body["chat_id"]!.GetValue<long>(), c.Body["text"]!.GetValue<string>())).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task Two_app_instances_read_each_update_once()
    {
        await using var api = new BotApiStandIn();
        using var first = NewApp(api);
        var (_, an, _) = await first.EnsureStandardUsersAsync();
        await LinkAsync(first, an, AnChat);
        var settings = first.SameDatabase();
        foreach (var (key, value) in api.Settings()) settings[key] = value;
        using var second = new EmailApp(EightUtc, settings);
        _ = first.Services;
        _ = second.Services;

        for (var i = 0; i < 5; i++) api.PushText(AnChat, "hello " + i);
        await Eventually(() => api.AllUpdatesConsumed, "every update to be read");
        await Eventually(() => api.CallsTo("sendMessage").Count >= 5, "five answers");
        await Task.Delay(1500);
        api.CallsTo("sendMessage").Should().HaveCount(5, "one instance holds the lease and answers each update once");
        (await first.WithDbAsync(db => db.ServiceLeases.CountAsync())).Should().Be(1);
    }
}

