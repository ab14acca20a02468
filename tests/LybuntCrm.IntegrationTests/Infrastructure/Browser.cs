using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace LybuntCrm.IntegrationTests.Infrastructure;

/// <summary>A cookie-keeping HTTP client that reads pages and posts their forms with the antiforgery token, as a browser does.</summary>
public sealed class Browser(HttpClient http) : IDisposable
{
    private static readonly HtmlParser Parser = new();

    public HttpClient Http { get; } = http;

    public async Task<HttpResponseMessage> GetAsync(string url) => await Http.GetAsync(url);

    public async Task<Page> GetPageAsync(string url)
    {
        var response = await Http.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        return new Page(response, html, Parser.ParseDocument(html));
    }

    /// <summary>Loads <paramref name="pageUrl"/>, takes the antiforgery token from it and posts the fields to <paramref name="postUrl"/>.</summary>
    public async Task<Page> PostFormAsync(string pageUrl, IDictionary<string, string> fields, string? postUrl = null)
    {
        var form = await GetPageAsync(pageUrl);
        var token = form.AntiforgeryToken ?? throw new InvalidOperationException($"{pageUrl} has no antiforgery token.");
        return await PostAsync(postUrl ?? pageUrl, fields, token);
    }

    /// <summary>The same with fields that repeat a name (checkboxes): pairs in the order a browser sends them.</summary>
    public async Task<Page> PostFormAsync(string pageUrl, IEnumerable<KeyValuePair<string, string>> fields, string? postUrl = null)
    {
        var form = await GetPageAsync(pageUrl);
        var token = form.AntiforgeryToken ?? throw new InvalidOperationException($"{pageUrl} has no antiforgery token.");
        return await SendAsync(postUrl ?? pageUrl, fields, token);
    }

    public Task<Page> PostAsync(string url, IDictionary<string, string> fields, string? token) => SendAsync(url, fields, token);

    private async Task<Page> SendAsync(string url, IEnumerable<KeyValuePair<string, string>> fields, string? token)
    {
        var all = fields.Where(f => f.Key != "__RequestVerificationToken").ToList();
        if (token is not null) all.Add(new("__RequestVerificationToken", token));
        var response = await Http.PostAsync(url, new FormUrlEncodedContent(all));
        var html = await response.Content.ReadAsStringAsync();
        return new Page(response, html, Parser.ParseDocument(html));
    }

    public Task<Page> LoginAsync(string email, string password) =>
        PostFormAsync("/Account/Login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });

    public void Dispose() => Http.Dispose();
}

public sealed record Page(HttpResponseMessage Response, string Html, IHtmlDocument Document)
{
    public HttpStatusCode StatusCode => Response.StatusCode;
    public string? Location => Response.Headers.Location?.ToString();

    public string? AntiforgeryToken =>
        Document.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value");

    /// <summary>Validation messages shown next to fields and in the summary.</summary>
    public IReadOnlyList<string> Errors =>
        Document.QuerySelectorAll(".field-validation-error, .validation-summary-errors li")
            .Select(e => e.TextContent.Trim()).Where(t => t.Length > 0).ToList();

    public string Text => Document.Body?.TextContent ?? "";

    public static implicit operator HttpResponseMessage(Page page) => page.Response;
}
