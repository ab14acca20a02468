using System.Net;
using System.Text;
using System.Text.Json;
using LybuntCrm.IntegrationTests.Features.Clients;
using LybuntSeed = LybuntCrm.IntegrationTests.Features.Lybunt.Lybunt;
using LybuntCrm.IntegrationTests.Features.Lybunt;
using LybuntCrm.IntegrationTests.Features.Today;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Api;
using LybuntCrm.Web.Infrastructure.Cli;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.Api;

/// <summary>What the API promises: changes take effect at once, creates are idempotent, updates are not lost, tokens are safe.</summary>
public sealed class ApiBehaviourTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Fact]
    public async Task A_purchase_posted_by_the_api_unflags_a_lybunt_client_at_once()
    {
        using var app = new CrmApp(new DateOnly(2026, 6, 15));
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await app.AddAsync(LybuntSeed.NewClient(managerId, "Lapsed Ltd", (2025, 3, 1, 1000m)));
        await app.FlagAsync();
        var api = app.Api(await app.TokenAsync(CrmApp.ManagerEmail));
        Json(await api.GetStringAsync("/api/v1/lybunt")).GetProperty("count").GetInt32().Should().Be(1);

        var posted = await api.SendJsonAsync(HttpMethod.Post, $"/api/v1/clients/{clientId}/purchases",
            new { date = "2026-06-15", amount = "250.50", currency = "usd", reference = "INV-1" });

        posted.StatusCode.Should().Be(HttpStatusCode.Created);
        posted.Headers.Location!.ToString().Should().StartWith($"/api/v1/clients/{clientId}/purchases/");
        var purchase = Json(await posted.Content.ReadAsStringAsync());
        purchase.GetProperty("amount").GetProperty("amount").GetString().Should().Be("250.50");
        purchase.GetProperty("amount").GetProperty("currency").GetString().Should().Be("USD");
        var client = Json(await api.GetStringAsync($"/api/v1/clients/{clientId}"));
        client.GetProperty("retentionFlag").GetString().Should().Be("None");
        client.GetProperty("lastPurchaseOn").GetString().Should().Be("2026-06-15");
        Json(await api.GetStringAsync("/api/v1/lybunt")).GetProperty("count").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task A_touch_logged_by_the_api_closes_the_check_in_and_moves_the_next_one()
    {
        var today = new DateOnly(2026, 12, 1);
        using var app = new CrmApp(today);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await TodaySeed.ClientAsync(app, managerId, "Harbour Lights", lastContactDaysAgo: 400);
        await TodaySeed.RunCheckInsAsync(app);
        var open = () => app.WithDbAsync(db => db.FollowUps.CountAsync(f => f.ClientId == clientId
            && f.Kind == FollowUpKind.CheckIn && (f.Status == FollowUpStatus.Open || f.Status == FollowUpStatus.Snoozed)));
        (await open()).Should().Be(1);
        var api = app.Api(await app.TokenAsync(CrmApp.ManagerEmail));

        var posted = await api.SendJsonAsync(HttpMethod.Post, $"/api/v1/clients/{clientId}/touchpoints",
            new { channel = "Phone", direction = "Outbound", outcome = "Reached", summary = "Talked about the spring order" });

        posted.StatusCode.Should().Be(HttpStatusCode.Created);
        Json(await posted.Content.ReadAsStringAsync()).GetProperty("nextCheckInOn").GetString().Should().Be("2027-03-31");
        (await open()).Should().Be(0);
        var touches = Json(await api.GetStringAsync($"/api/v1/clients/{clientId}/touchpoints"));
        touches[0].GetProperty("summary").GetString().Should().Be("Talked about the spring order");
    }

    [Fact]
    public async Task The_same_idempotency_key_twice_records_one_purchase_and_answers_the_same()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await app.WithDbAsync(db => db.AddClientAsync("Shop Customer", managerId));
        var api = app.Api(await app.TokenAsync(CrmApp.ManagerEmail));
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = "order-1001" };
        var body = new { date = "2026-06-01", amount = "99.90", currency = "EUR" };

        var first = await api.SendJsonAsync(HttpMethod.Post, $"/api/v1/clients/{clientId}/purchases", body, key);
        var second = await api.SendJsonAsync(HttpMethod.Post, $"/api/v1/clients/{clientId}/purchases", body, key);
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            api.SendJsonAsync(HttpMethod.Post, $"/api/v1/clients/{clientId}/purchases", body, new Dictionary<string, string> { ["Idempotency-Key"] = "order-1002" })));
        var otherBody = await api.SendJsonAsync(HttpMethod.Post, $"/api/v1/clients/{clientId}/purchases", new { date = "2026-06-02", amount = "1", currency = "EUR" }, key);

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        second.StatusCode.Should().Be(HttpStatusCode.Created);
        (await second.Content.ReadAsStringAsync()).Should().Be(await first.Content.ReadAsStringAsync());
        second.Headers.Location.Should().Be(first.Headers.Location);
        concurrent.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Created);
        otherBody.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await app.WithDbAsync(db => db.Purchases.CountAsync(p => p.ClientId == clientId))).Should().Be(2, "one per key");
    }

    [Fact]
    public async Task A_purchase_with_a_reference_the_client_has_is_answered_with_the_first_one()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await app.WithDbAsync(db => db.AddClientAsync("Shop Customer", managerId));
        var api = app.Api(await app.TokenAsync(CrmApp.ManagerEmail));
        var body = new { date = "2026-06-01", amount = "10", currency = "USD", reference = "A-7" };

        var first = await api.SendJsonAsync(HttpMethod.Post, $"/api/v1/clients/{clientId}/purchases", body);
        var repeat = await api.SendJsonAsync(HttpMethod.Post, $"/api/v1/clients/{clientId}/purchases", body);

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        repeat.StatusCode.Should().Be(HttpStatusCode.OK);
        Json(await repeat.Content.ReadAsStringAsync()).GetProperty("id").GetInt32()
            .Should().Be(Json(await first.Content.ReadAsStringAsync()).GetProperty("id").GetInt32());
        (await app.WithDbAsync(db => db.Purchases.CountAsync(p => p.ClientId == clientId))).Should().Be(1);

        var id = Json(await first.Content.ReadAsStringAsync()).GetProperty("id").GetInt32();
        var cancelled = await api.SendJsonAsync(HttpMethod.Post, $"/api/v1/clients/{clientId}/purchases/{id}/cancel");
        Json(await cancelled.Content.ReadAsStringAsync()).GetProperty("status").GetString().Should().Be("Cancelled");
        (await app.WithDbAsync(db => db.Clients.Where(c => c.Id == clientId).Select(c => c.LastPurchaseOn).SingleAsync())).Should().BeNull();
    }

    [Fact]
    public async Task An_update_needs_the_current_etag_and_a_stale_one_gets_412()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await app.WithDbAsync(db => db.AddClientAsync("Old Name", managerId));
        var api = app.Api(await app.TokenAsync(CrmApp.ManagerEmail));
        var read = await api.GetAsync($"/api/v1/clients/{clientId}");
        var etag = read.Headers.ETag!.ToString();

        var missing = await api.SendJsonAsync(HttpMethod.Patch, $"/api/v1/clients/{clientId}", new { name = "New Name" });
        var updated = await api.SendJsonAsync(HttpMethod.Patch, $"/api/v1/clients/{clientId}", new { name = "New Name", cadenceDays = 90 },
            new Dictionary<string, string> { ["If-Match"] = etag });
        var stale = await api.SendJsonAsync(HttpMethod.Patch, $"/api/v1/clients/{clientId}", new { name = "Lost Update" },
            new Dictionary<string, string> { ["If-Match"] = etag });
        var invalid = await api.SendJsonAsync(HttpMethod.Patch, $"/api/v1/clients/{clientId}", new { cadenceDays = 3 },
            new Dictionary<string, string> { ["If-Match"] = "*" });

        missing.StatusCode.Should().Be((HttpStatusCode)428);
        updated.StatusCode.Should().Be(HttpStatusCode.OK);
        updated.Headers.ETag!.ToString().Should().NotBe(etag);
        stale.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
        invalid.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var client = await app.WithDbAsync(db => db.Clients.AsNoTracking().SingleAsync(c => c.Id == clientId));
        client.Name.Should().Be("New Name");
        client.CadenceDays.Should().Be(90);
        (await app.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.Action == "client.updated" && a.EntityId == clientId.ToString()))).Should().Be(1);
    }

    [Fact]
    public async Task A_token_is_stored_only_as_its_hash_and_its_last_use_is_recorded()
    {
        using var app = new CrmApp();
        await app.EnsureStandardUsersAsync();
        var token = await app.TokenAsync(CrmApp.ManagerEmail);
        token.Should().StartWith("lyb_").And.HaveLength(4 + 43);

        (await app.Api(token).GetAsync("/api/v1/clients")).StatusCode.Should().Be(HttpStatusCode.OK);

        var stored = await app.WithDbAsync(db => db.ApiTokens.AsNoTracking().SingleAsync());
        stored.TokenHash.Should().Be(ApiTokens.Hash(token)).And.NotContain(token);
        stored.LastUsedAtUtc.Should().NotBeNull();
        (await app.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.Action == "token.created"))).Should().Be(1);
        if (app.PostgresDatabase is null)
        {
            // No table holds the plain token: not in the database file nor in its write-ahead log.
            var secret = Encoding.UTF8.GetBytes(token[ApiToken.HintLength..]);
            foreach (var file in Directory.GetFiles(app.DataDirectory, "lybunt.db*"))
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var copy = new MemoryStream();
                await stream.CopyToAsync(copy);
                copy.ToArray().AsSpan().IndexOf(secret).Should().Be(-1, $"{Path.GetFileName(file)} must not hold the token");
            }
        }
    }

    [Fact]
    public async Task A_token_over_its_rate_limit_gets_429_with_retry_after_and_other_tokens_are_not_slowed()
    {
        using var app = new CrmApp(new DateOnly(2026, 6, 15), new Dictionary<string, string?> { ["Api:RequestsPerMinute"] = "3" });
        await app.EnsureStandardUsersAsync();
        var busy = app.Api(await app.TokenAsync(CrmApp.ManagerEmail, ApiTokenScope.Read));
        var other = app.Api(await app.TokenAsync(CrmApp.ManagerEmail, ApiTokenScope.Read));

        for (var i = 0; i < 3; i++) (await busy.GetAsync("/api/v1/clients")).StatusCode.Should().Be(HttpStatusCode.OK);
        var refused = await busy.GetAsync("/api/v1/clients");

        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds.Should().BeInRange(1, 60);
        refused.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await other.GetAsync("/api/v1/clients")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_tokens_create_verb_prints_a_working_token_once()
    {
        using var app = new CrmApp();
        await app.EnsureStandardUsersAsync();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await CommandLine.RunAsync(app.Services,
            ["tokens", "create", "--user", CrmApp.AdminEmail, "--name", "Shop orders", "--scope", "read", "--expires", "30"],
            new CommandConsole { Out = output, Error = error });
        var unknown = await CommandLine.RunAsync(app.Services, ["tokens", "create", "--user", "nobody@example.com", "--name", "x", "--scope", "read"],
            new CommandConsole { Out = new StringWriter(), Error = new StringWriter() });

        exit.Should().Be(0);
        unknown.Should().NotBe(0);
        var token = output.ToString().Trim();
        token.Should().StartWith("lyb_");
        error.ToString().Should().Contain("not shown again").And.NotContain(token);
        (await app.Api(token).GetAsync("/api/v1/clients")).StatusCode.Should().Be(HttpStatusCode.OK);
        var stored = await app.WithDbAsync(db => db.ApiTokens.AsNoTracking().SingleAsync());
        stored.Name.Should().Be("Shop orders");
        stored.Scope.Should().Be(ApiTokenScope.Read);
        stored.ExpiresAtUtc.Should().NotBeNull();
    }

    [Fact]
    public async Task Todays_follow_ups_are_listed_and_done_snoozed_or_dismissed_through_the_api()
    {
        var today = new DateOnly(2026, 12, 1);
        using var app = new CrmApp(today);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var reached = await TodaySeed.ClientAsync(app, managerId, "Reached Ltd", lastContactDaysAgo: 400);
        var later = await TodaySeed.ClientAsync(app, managerId, "Later Ltd", lastContactDaysAgo: 400);
        var gone = await TodaySeed.ClientAsync(app, managerId, "Gone Ltd", lastContactDaysAgo: 400);
        await TodaySeed.RunCheckInsAsync(app);
        var api = app.Api(await app.TokenAsync(CrmApp.ManagerEmail));
        var other = app.Api(await app.TokenAsync(CrmApp.OtherManagerEmail));

        var list = Json(await api.GetStringAsync("/api/v1/followups?date=2026-12-01"));
        int IdOf(int clientId) => list.EnumerateArray().Single(f => f.GetProperty("clientId").GetInt32() == clientId).GetProperty("id").GetInt32();
        (await other.SendJsonAsync(HttpMethod.Post, $"/api/v1/followups/{IdOf(reached)}/done", new { })).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var done = await api.SendJsonAsync(HttpMethod.Post, $"/api/v1/followups/{IdOf(reached)}/done", new { outcome = "Reached" });
        var snoozed = await api.SendJsonAsync(HttpMethod.Post, $"/api/v1/followups/{IdOf(later)}/snooze", new { until = "2026-12-08" });
        var noReason = await api.SendJsonAsync(HttpMethod.Post, $"/api/v1/followups/{IdOf(gone)}/dismiss", new { });
        var dismissed = await api.SendJsonAsync(HttpMethod.Post, $"/api/v1/followups/{IdOf(gone)}/dismiss", new { reason = "Closed their shop" });
        var again = await api.SendJsonAsync(HttpMethod.Post, $"/api/v1/followups/{IdOf(reached)}/done", new { });

        done.StatusCode.Should().Be(HttpStatusCode.OK);
        snoozed.StatusCode.Should().Be(HttpStatusCode.OK);
        noReason.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        dismissed.StatusCode.Should().Be(HttpStatusCode.OK);
        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
        Json(await api.GetStringAsync("/api/v1/followups?date=2026-12-01")).GetArrayLength().Should().Be(0);
        Json(await api.GetStringAsync("/api/v1/followups?date=2026-12-08")).EnumerateArray()
            .Select(f => f.GetProperty("clientName").GetString()).Should().Contain("Later Ltd");
        (await app.WithDbAsync(db => db.Clients.Where(c => c.Id == reached).Select(c => c.LastContactOn).SingleAsync())).Should().Be(today);
    }
}
