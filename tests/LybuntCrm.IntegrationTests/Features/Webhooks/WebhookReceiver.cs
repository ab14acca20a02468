using System.Collections.Concurrent;
using LybuntCrm.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LybuntCrm.IntegrationTests.Features.Webhooks;

/// <summary>
/// A local receiver for webhooks on 127.0.0.1: records every request (headers and body) and answers 200, or what a test
/// scripted for the next requests (a status, or no answer at all for a while).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public sealed record Received(string Event, string Delivery, string Timestamp, string Signature, string Body);

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Received> _received = new();
    private readonly ConcurrentQueue<Func<CancellationToken, Task<int>>> _scripted = new();

    public WebhookReceiver()
    {
        Port = FreePorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/hook", HandleAsync);
        _app.StartAsync().GetAwaiter().GetResult();
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/hook";

    public IReadOnlyList<Received> Requests => [.. _received];

    /// <summary>Answers the next request with this status.</summary>
    public void AnswerNext(int status) => _scripted.Enqueue(_ => Task.FromResult(status));

    /// <summary>Gives the next request no answer until the sender gives up (or a minute has passed).</summary>
    public void HangNext() => _scripted.Enqueue(async ct =>
    {
        await Task.Delay(TimeSpan.FromMinutes(1), ct);
        return 200;
    });

    private async Task<IResult> HandleAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        _received.Enqueue(new Received(request.Headers["X-Lybunt-Event"].ToString(), request.Headers["X-Lybunt-Delivery"].ToString(),
            request.Headers["X-Lybunt-Timestamp"].ToString(), request.Headers["X-Lybunt-Signature"].ToString(), body));
        var status = 200;
        if (_scripted.TryDequeue(out var scripted))
        {
            try
            {
                status = await scripted(request.HttpContext.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return Results.Empty;
            }
        }
        return Results.Text(status is >= 200 and < 300 ? "thanks" : "receiver broke", "text/plain", statusCode: status);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
