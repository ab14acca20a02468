using System.Net;
using System.Text;
using System.Text.Json;
using LybuntCrm.IntegrationTests.Features.Clients;
using LybuntCrm.IntegrationTests.Features.Lybunt;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using LybuntSeed = LybuntCrm.IntegrationTests.Features.Lybunt.Lybunt;

namespace LybuntCrm.IntegrationTests.Features.Api;

/// <summary>Creating clients and contacts, correcting purchases, the SYBUNT list, and the shape of every API error.</summary>
public sealed class ApiWriteTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, text);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        var problem = Json(text);
        problem.GetProperty("status").GetInt32().Should().Be((int)status);
        return problem;
    }

    [Fact]
    public async Task A_client_created_through_the_api_is_the_managers_own_with_its_check_in_planned_and_its_etag()
    {
        using var app = new CrmApp();
        var (_, _, otherId) = await app.EnsureStandardUsersAsync();
        var api = app.Api(await app.TokenAsync(CrmApp.ManagerEmail));

        var created = await api.SendJsonAsync(HttpMethod.Post, "/api/v1/clients",
            new { name = "  Saigon Prints  ", ownerId = otherId, cadenceDays = 90, preferredChannel = "phone", externalId = "SP-1" });

        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var client = Json(await created.Content.ReadAsStringAsync());
        var id = client.GetProperty("id").GetInt32();
        created.Headers.Location!.ToString().Should().Be($"/api/v1/clients/{id}");
        client.GetProperty("name").GetString().Should().Be("Saigon Prints");
        client.GetProperty("preferredChannel").GetString().Should().Be("Phone");
        client.GetProperty("nextCheckInOn").GetString().Should().Be("2026-09-13", "created today with a 90-day cadence");
        var read = await api.GetAsync($"/api/v1/clients/{id}");
        created.Headers.ETag!.ToString().Should().Be(read.Headers.ETag!.ToString());
        var stored = await app.WithDbAsync(db => db.Clients.AsNoTracking().SingleAsync(c => c.Id == id));
        stored.OwnerId.Should().NotBe(otherId, "a manager's client is their own whatever owner it names");
        (await app.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == "client.created" && e.EntityId == id.ToString()))).Should().Be(1);

        var taken = await api.SendJsonAsync(HttpMethod.Post, "/api/v1/clients", new { name = "Another", externalId = "SP-1" });
        (await ProblemAsync(taken, HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("externalId")[0].GetString()
            .Should().Be("Another client already has the external id SP-1.");
    }

    [Fact]
    public async Task An_admin_names_the_owner_of_a_new_client()
    {
        using var app = new CrmApp();
        var (_, _, otherId) = await app.EnsureStandardUsersAsync();
        var api = app.Api(await app.TokenAsync(CrmApp.AdminEmail));

        var created = await api.SendJsonAsync(HttpMethod.Post, "/api/v1/clients", new { name = "Tehran Tiles", ownerId = otherId, status = "Prospect" });

        var client = Json(await created.Content.ReadAsStringAsync());
        client.GetProperty("ownerId").GetString().Should().Be(otherId);
        client.GetProperty("status").GetString().Should().Be("Prospect");
    }

    [Fact]
    public async Task Field_errors_use_the_forms_words_in_the_token_users_language()
    {
        using var app = new CrmApp();
        await app.EnsureStandardUsersAsync();
        await app.WithDbAsync(db => db.Users.Where(u => u.Email == CrmApp.ManagerEmail).ExecuteUpdateAsync(s => s.SetProperty(u => u.Culture, "vi")));
        var vietnamese = app.Api(await app.TokenAsync(CrmApp.ManagerEmail));
        var english = app.Api(await app.TokenAsync(CrmApp.OtherManagerEmail));
        var body = new { name = " ", cadenceDays = 3, preferredChannel = "pigeon" };

        var vi = (await ProblemAsync(await vietnamese.SendJsonAsync(HttpMethod.Post, "/api/v1/clients", body), HttpStatusCode.BadRequest)).GetProperty("errors");
        var en = (await ProblemAsync(await english.SendJsonAsync(HttpMethod.Post, "/api/v1/clients", body), HttpStatusCode.BadRequest)).GetProperty("errors");

        vi.GetProperty("name")[0].GetString().Should().Be("Nhập tên khách hàng.");
        vi.GetProperty("cadenceDays")[0].GetString().Should().Be("Chọn chu kỳ liên hệ định kỳ từ 7 đến 730 ngày.");
        en.GetProperty("name")[0].GetString().Should().Be("Enter the client's name.");
        en.GetProperty("preferredChannel")[0].GetString().Should().Be("Choose a channel.");
        (await app.WithDbAsync(db => db.Clients.CountAsync())).Should().Be(0);
    }

    [Fact]
    public async Task Two_creates_sent_at_once_with_one_idempotency_key_make_one_client_and_answer_alike()
    {
        using var app = new CrmApp();
        await app.EnsureStandardUsersAsync();
        var token = await app.TokenAsync(CrmApp.ManagerEmail);
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = "crm-sync-77" };
        var body = new { name = "Hanoi Events", externalId = "HE-77" };

        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            app.Api(token).SendJsonAsync(HttpMethod.Post, "/api/v1/clients", body, key)));

        answers.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Created);
        (await answers[1].Content.ReadAsStringAsync()).Should().Be(await answers[0].Content.ReadAsStringAsync());
        answers[1].Headers.Location.Should().Be(answers[0].Headers.Location);
        answers[1].Headers.ETag.Should().Be(answers[0].Headers.ETag);
        (await app.WithDbAsync(db => db.Clients.CountAsync(c => c.Name == "Hanoi Events"))).Should().Be(1);
    }

    [Fact]
    public async Task Contacts_are_listed_added_and_corrected_with_the_contact_forms_rules()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await app.WithDbAsync(db => db.AddClientAsync("Da Nang Travel", managerId));
        var api = app.Api(await app.TokenAsync(CrmApp.ManagerEmail));

        var added = await api.SendJsonAsync(HttpMethod.Post, $"/api/v1/clients/{clientId}/contacts",
            new { name = "Minh Tran", email = "minh@dntravel.vn", role = "Director", birthdayDay = 29, birthdayMonth = 2 });
        var invalid = await api.SendJsonAsync(HttpMethod.Post, $"/api/v1/clients/{clientId}/contacts",
            new { name = "", email = "not-an-address", birthdayDay = 31, birthdayMonth = 4, telegramUsername = "x" });

        added.StatusCode.Should().Be(HttpStatusCode.Created, await added.Content.ReadAsStringAsync());
        var contact = Json(await added.Content.ReadAsStringAsync());
        contact.GetProperty("isPrimary").GetBoolean().Should().BeTrue("the first contact of a client is its primary one");
        var errors = (await ProblemAsync(invalid, HttpStatusCode.BadRequest)).GetProperty("errors");
        errors.GetProperty("name")[0].GetString().Should().Be("Enter the contact's name.");
        errors.GetProperty("email")[0].GetString().Should().Be("Enter a valid email address.");
        errors.GetProperty("birthdayDay")[0].GetString().Should().Be("That day does not exist in that month.");
        errors.GetProperty("telegramUsername")[0].GetString().Should().StartWith("Enter a Telegram username");

        var id = contact.GetProperty("id").GetInt32();
        var patched = await api.SendJsonAsync(HttpMethod.Patch, $"/api/v1/contacts/{id}", new { role = "Owner", email = "" });
        patched.StatusCode.Should().Be(HttpStatusCode.OK, await patched.Content.ReadAsStringAsync());
        var list = Json(await api.GetStringAsync($"/api/v1/clients/{clientId}/contacts"));
        list.GetArrayLength().Should().Be(1);
        list[0].GetProperty("role").GetString().Should().Be("Owner");
        list[0].GetProperty("email").ValueKind.Should().Be(JsonValueKind.Null);
        list[0].GetProperty("name").GetString().Should().Be("Minh Tran", "a field left out keeps its value");
        list[0].GetProperty("birthdayDay").GetInt32().Should().Be(29);
        (await app.WithDbAsync(db => db.Clients.Where(c => c.Id == clientId).Select(c => c.SearchText).SingleAsync()))
            .Should().Contain("minh", "the client is found by its contacts' names");
    }

    [Fact]
    public async Task A_purchase_corrected_through_the_api_needs_its_etag_and_moves_the_lybunt_flag_at_once()
    {
        using var app = new CrmApp(new DateOnly(2026, 6, 15));
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await app.AddAsync(LybuntSeed.NewClient(managerId, "Lapsed Ltd", (2025, 3, 1, 1000m)));
        await app.FlagAsync();
        var purchaseId = await app.WithDbAsync(db => db.Purchases.Where(p => p.ClientId == clientId).Select(p => p.Id).SingleAsync());
        var api = app.Api(await app.TokenAsync(CrmApp.ManagerEmail));
        var read = await api.GetAsync($"/api/v1/purchases/{purchaseId}");
        var etag = read.Headers.ETag!.ToString();

        var missing = await api.SendJsonAsync(HttpMethod.Patch, $"/api/v1/purchases/{purchaseId}", new { date = "2026-06-01" });
        var future = await api.SendJsonAsync(HttpMethod.Patch, $"/api/v1/purchases/{purchaseId}", new { date = "2026-07-01" },
            new Dictionary<string, string> { ["If-Match"] = etag });
        var moved = await api.SendJsonAsync(HttpMethod.Patch, $"/api/v1/purchases/{purchaseId}", new { date = "2026-06-01", reference = "INV-9" },
            new Dictionary<string, string> { ["If-Match"] = etag });
        var stale = await api.SendJsonAsync(HttpMethod.Patch, $"/api/v1/purchases/{purchaseId}", new { amount = "1.00" },
            new Dictionary<string, string> { ["If-Match"] = etag });

        await ProblemAsync(missing, (HttpStatusCode)428);
        (await ProblemAsync(future, HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("date")[0].GetString()
            .Should().Be("A purchase cannot be in the future.");
        moved.StatusCode.Should().Be(HttpStatusCode.OK, await moved.Content.ReadAsStringAsync());
        moved.Headers.ETag!.ToString().Should().NotBe(etag);
        var purchase = Json(await moved.Content.ReadAsStringAsync());
        purchase.GetProperty("reference").GetString().Should().Be("INV-9");
        purchase.GetProperty("amount").GetProperty("amount").GetString().Should().Be("1000.00", "a field left out keeps its value");
        await ProblemAsync(stale, HttpStatusCode.PreconditionFailed);
        var client = Json(await api.GetStringAsync($"/api/v1/clients/{clientId}"));
        client.GetProperty("retentionFlag").GetString().Should().Be("None");
        client.GetProperty("lastPurchaseOn").GetString().Should().Be("2026-06-01");
        (await app.WithDbAsync(db => db.Purchases.Where(p => p.Id == purchaseId).Select(p => p.Amount).SingleAsync())).Should().Be(1000m);
    }

    [Fact]
    public async Task The_sybunt_list_holds_earlier_buyers_only_with_its_totals()
    {
        using var app = new CrmApp(new DateOnly(2026, 6, 15));
        var (_, managerId, otherId) = await app.EnsureStandardUsersAsync();
        await app.AddAsync(LybuntSeed.NewClient(managerId, "Long Gone", (2023, 5, 1, 700m), (2022, 5, 1, 300m)));
        await app.AddAsync(LybuntSeed.NewClient(managerId, "Last Year Only", (2025, 5, 1, 500m)));
        await app.AddAsync(LybuntSeed.NewClient(otherId, "Someone Else's", (2023, 5, 1, 900m)));
        await app.FlagAsync();
        var api = app.Api(await app.TokenAsync(CrmApp.ManagerEmail, ApiTokenScope.Read));

        var sybunt = Json(await api.GetStringAsync("/api/v1/sybunt"));

        sybunt.GetProperty("list").GetString().Should().Be("sybunt");
        sybunt.GetProperty("count").GetInt32().Should().Be(1);
        sybunt.GetProperty("items")[0].GetProperty("name").GetString().Should().Be("Long Gone");
        Json(await api.GetStringAsync("/api/v1/lybunt")).GetProperty("items")[0].GetProperty("name").GetString().Should().Be("Last Year Only");
        var admin = Json(await app.Api(await app.TokenAsync(CrmApp.AdminEmail, ApiTokenScope.Read)).GetStringAsync("/api/v1/sybunt"));
        admin.GetProperty("count").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task Unknown_methods_unreadable_bodies_and_server_errors_are_problems_without_the_exception_text()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await app.WithDbAsync(db => db.AddClientAsync("Faulty Ltd", managerId));
        var token = await app.TokenAsync(CrmApp.ManagerEmail);
        var api = app.Api(token);

        var wrongMethod = await api.DeleteAsync($"/api/v1/clients/{clientId}");
        var problem = await ProblemAsync(wrongMethod, HttpStatusCode.MethodNotAllowed);
        wrongMethod.Content.Headers.Allow.Should().Contain("GET");
        var unreadable = await api.PostAsync("/api/v1/clients", new StringContent("{ not json", Encoding.UTF8, "application/json"));
        await ProblemAsync(unreadable, HttpStatusCode.BadRequest);

        using var faulty = app.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.AddSingleton<IClock>(sp => new FaultyClock(new SystemClock(sp.GetRequiredService<IConfiguration>(), TimeProvider.System),
                sp.GetRequiredService<IHttpContextAccessor>()))));
        var client = faulty.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var failed = await client.GetAsync("/api/v1/lybunt");

        problem = await ProblemAsync(failed, HttpStatusCode.InternalServerError);
        problem.GetProperty("traceId").GetString().Should().NotBeNullOrEmpty();
        (await failed.Content.ReadAsStringAsync()).Should().NotContain(FaultyClock.Secret).And.NotContain("InvalidOperationException");
        (await client.GetAsync("/Account/Login")).StatusCode.Should().Be(HttpStatusCode.OK, "the fault is only in the API's day");
    }

    /// <summary>A clock that fails when the API asks for the day, with a message that must never reach the caller.</summary>
    private sealed class FaultyClock(IClock inner, IHttpContextAccessor http) : IClock
    {
        public const string Secret = "connection-password-hunter2";

        public DateTime UtcNow => inner.UtcNow;

        public DateOnly Today => http.HttpContext?.Request.Path.StartsWithSegments("/api/v1/lybunt") == true
            ? throw new InvalidOperationException(Secret)
            : inner.Today;

        public DateOnly TodayIn(string timeZoneId) => inner.TodayIn(timeZoneId);
    }
}
