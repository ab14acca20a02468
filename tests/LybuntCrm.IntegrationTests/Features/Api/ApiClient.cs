using System.Net.Http.Headers;
using System.Net.Http.Json;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LybuntCrm.IntegrationTests.Features.Api;

/// <summary>Tokens made as the tokens page makes them, and HTTP clients that send them as a script would.</summary>
internal static class ApiClient
{
    public static async Task<string> TokenAsync(this CrmApp app, string email, ApiTokenScope scope = ApiTokenScope.Write, int? expiresInDays = null) =>
        await app.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<Web.Data.CrmDbContext>();
            var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            return (await sp.GetRequiredService<ApiTokens>().CreateAsync(userId, "test " + scope, scope, expiresInDays)).Token;
        });

    public static HttpClient Api(this CrmApp app, string? token)
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string url, object? body = null,
        IDictionary<string, string>? headers = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = JsonContent.Create(body);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) request.Headers.TryAddWithoutValidation(name, value);
        return client.SendAsync(request);
    }
}
