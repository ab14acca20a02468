using System.Net;
using System.Net.Sockets;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;

namespace LybuntCrm.IntegrationTests.Security;

/// <summary>
/// The app as a real process on loopback, reached directly and through a reverse proxy on the same host (requests from
/// 127.0.0.1 carrying X-Forwarded-* headers): admin areas stay admin-only, and sign-in is rate limited per client address.
/// </summary>
[Collection(SeparateProcesses.Name)]
[Trait(SeparateProcesses.Trait, SeparateProcesses.Name)]
public sealed class ReverseProxyTests
{
    private static readonly string[] AdminOnly = ["/Admin", "/Admin/Users", "/Admin/Settings", "/Admin/Outbox", "/Admin/Audit", "/Admin/Templates", "/Import", "/admin/jobs"];

    [Fact]
    public async Task Sign_in_is_rate_limited_per_address_while_other_addresses_are_still_served()
    {
        using var env = new ProcessEnvironment();
        await using var app = await env.StartAppAsync();

        using var flooder = new Browser(Client(app, IPAddress.Loopback));
        var token = (await flooder.GetPageAsync("/Account/Login")).AntiforgeryToken;
        Page? refused = null;
        for (var i = 0; i < 30 && refused is null; i++)
        {
            var page = await flooder.PostAsync("/Account/Login",
                new Dictionary<string, string> { ["Input.Email"] = $"guess{i}@example.com", ["Input.Password"] = "wrong-password" }, token);
            if (page.StatusCode == HttpStatusCode.TooManyRequests) refused = page;
            else page.Errors.Should().ContainSingle().Which.Should().StartWith("Email or password is incorrect");
        }
        refused.Should().NotBeNull("one address may not try passwords without limit");
        refused!.Text.Should().Contain("Too many attempts").And.Contain("Please wait a minute and try again.");
        (await flooder.LoginAsync(CrmApp.AdminEmail, CrmApp.Password)).StatusCode.Should().Be(HttpStatusCode.TooManyRequests);

        // Another address is served: a second loopback address, and a client behind the proxy with its own forwarded address.
        using var neighbour = new Browser(Client(app, IPAddress.Parse("127.0.0.2")));
        (await neighbour.LoginAsync(CrmApp.AdminEmail, CrmApp.Password)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        using var proxied = new Browser(Client(app, IPAddress.Loopback, forwardedFor: "203.0.113.9"));
        (await proxied.LoginAsync(CrmApp.AdminEmail, CrmApp.Password)).StatusCode.Should().Be(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Admin_areas_stay_admin_only_for_requests_through_a_proxy_on_the_same_host()
    {
        using var env = new ProcessEnvironment();
        await using var app = await env.StartAppAsync();
        using (var admin = new Browser(Client(app, IPAddress.Loopback)))
        {
            (await admin.LoginAsync(CrmApp.AdminEmail, CrmApp.Password)).StatusCode.Should().Be(HttpStatusCode.Redirect);
            var created = await admin.PostFormAsync("/Admin/Users/Create", new Dictionary<string, string>
            {
                ["Input.Email"] = CrmApp.ManagerEmail,
                ["Input.Password"] = CrmApp.Password,
                ["Input.DisplayName"] = "An Nguyen",
                ["Input.Role"] = Roles.AccountManager,
                ["Input.TimeZoneId"] = "UTC",
                ["Input.DailyCapacity"] = "8",
            });
            created.StatusCode.Should().Be(HttpStatusCode.Redirect, string.Join(" ", created.Errors));
        }

        // Every request comes from 127.0.0.1 and claims, through the proxy headers, to come from loopback too.
        using var anonymous = new Browser(Client(app, IPAddress.Loopback, forwardedFor: "127.0.0.1"));
        foreach (var url in AdminOnly)
        {
            var response = await anonymous.GetAsync(url);
            response.StatusCode.Should().Be(HttpStatusCode.Redirect, url);
            response.Headers.Location!.ToString().Should().Contain("/Account/Login", url);
        }

        using var manager = new Browser(Client(app, IPAddress.Loopback, forwardedFor: "127.0.0.1"));
        (await manager.LoginAsync(CrmApp.ManagerEmail, CrmApp.Password)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await manager.GetAsync("/Clients")).StatusCode.Should().Be(HttpStatusCode.OK);
        foreach (var url in AdminOnly)
            (await manager.GetAsync(url)).StatusCode.Should().Be(HttpStatusCode.Forbidden, url);
    }

    [Fact]
    public async Task Cookies_are_secure_when_a_proxy_on_the_same_host_forwards_an_https_request()
    {
        using var env = new ProcessEnvironment();
        await using var app = await env.StartAppAsync();
        using var overHttps = new Browser(Client(app, IPAddress.Loopback, forwardedFor: "198.51.100.4", https: true));
        using var overHttp = new Browser(Client(app, IPAddress.Loopback, forwardedFor: "198.51.100.4"));

        (await overHttps.GetAsync("/Account/Login")).Headers.GetValues("Set-Cookie").Should()
            .ContainSingle(c => c.StartsWith("lybunt.af=", StringComparison.Ordinal)).Which.Should().Contain("secure").And.Contain("httponly");
        (await overHttp.GetAsync("/Account/Login")).Headers.GetValues("Set-Cookie").Should()
            .ContainSingle(c => c.StartsWith("lybunt.af=", StringComparison.Ordinal)).Which.Should().NotContain("secure");
    }

    /// <summary>
    /// A cookie-keeping client whose connections leave from <paramref name="source"/>; with <paramref name="forwardedFor"/>
    /// it behaves as a reverse proxy on the same host forwarding a request for that client, over HTTPS when <paramref name="https"/>.
    /// </summary>
    private static HttpClient Client(AppProcess app, IPAddress source, string? forwardedFor = null, bool https = false)
    {
        var http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = true,
            CookieContainer = new CookieContainer(),
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        })
        { BaseAddress = new Uri(app.BaseUrl) };
        if (forwardedFor is not null)
        {
            http.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
            http.DefaultRequestHeaders.Add("X-Forwarded-Host", "crm.example.com");
        }
        if (https) http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        return http;
    }
}
