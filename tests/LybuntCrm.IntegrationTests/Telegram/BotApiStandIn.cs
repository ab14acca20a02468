using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using LybuntCrm.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LybuntCrm.IntegrationTests.Telegram;

/// <summary>
/// A local stand-in for the Telegram Bot API: an HTTP server answering <c>POST /bot{token}/{method}</c> with the API's JSON
/// (<c>{"ok":true,"result":…}</c> or <c>{"ok":false,"error_code":…,"description":…}</c>). It records every request, serves
/// queued updates to <c>getUpdates</c> from the offset asked for (waiting up to the timeout, as long polling does), and
/// answers a method with a scripted error when a test asks it to.
/// </summary>
public sealed class BotApiStandIn : IAsyncDisposable
{
    public const string Token = "123456:TEST-token-for-the-stand-in";

    public sealed record Call(string Method, string Token, JsonObject Body);

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Call> _calls = new();
    private readonly List<JsonObject> _updates = [];
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(int Status, string Json)>> _scripted = new();
    private readonly SemaphoreSlim _newUpdate = new(0);
    private int _nextUpdateId = 1000;
    private int _nextMessageId = 1;

    public BotApiStandIn()
    {
        Port = FreePorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/bot{token}/{method}", HandleAsync);
        _app.StartAsync().GetAwaiter().GetResult();
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>The app's settings that point its bot here.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Telegram:BotToken"] = Token,
        ["Telegram:BotName"] = "lybunt_test_bot",
        ["Telegram:ApiBaseUrl"] = BaseUrl,
        ["Telegram:PollTimeoutSeconds"] = "1",
    };

    public IReadOnlyList<Call> Calls => [.. _calls];

    public IReadOnlyList<Call> CallsTo(string method) => _calls.Where(c => c.Method.Equals(method, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>The next call to <paramref name="method"/> gets this HTTP status and Bot API error instead of success.</summary>
    public void FailNext(string method, int status, string description, int? retryAfter = null)
    {
        var error = new JsonObject { ["ok"] = false, ["error_code"] = status, ["description"] = description };
        if (retryAfter is { } seconds) error["parameters"] = new JsonObject { ["retry_after"] = seconds };
        _scripted.GetOrAdd(method, _ => new()).Enqueue((status, error.ToJsonString()));
    }

    /// <summary>Queues an update for getUpdates and returns its id.</summary>
    public int Push(JsonObject update)
    {
        int id;
        lock (_updates)
        {
            id = _nextUpdateId++;
            update["update_id"] = id;
            _updates.Add(update);
        }
        _newUpdate.Release();
        return id;
    }

    /// <summary>A text message from a person in their private chat with the bot.</summary>
    public int PushText(long chatId, string text, string language = "en") => Push(new JsonObject
    {
        ["message"] = new JsonObject
        {
            ["message_id"] = Interlocked.Increment(ref _nextMessageId),
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "private", ["first_name"] = "Test" },
            ["from"] = new JsonObject { ["id"] = chatId, ["is_bot"] = false, ["first_name"] = "Test", ["language_code"] = language },
            ["text"] = text,
        },
    });

    /// <summary>A press on an inline button of one of the bot's messages.</summary>
    public int PushCallback(long chatId, int messageId, string data) => Push(new JsonObject
    {
        ["callback_query"] = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString("N"),
            ["from"] = new JsonObject { ["id"] = chatId, ["is_bot"] = false, ["first_name"] = "Test" },
            ["chat_instance"] = "1",
            ["data"] = data,
            ["message"] = new JsonObject
            {
                ["message_id"] = messageId,
                ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "private", ["first_name"] = "Test" },
                ["text"] = "…",
            },
        },
    });

    /// <summary>Whether every queued update has been asked past (getUpdates was called with a later offset).</summary>
    public bool AllUpdatesConsumed
    {
        get
        {
            var last = CallsTo("getUpdates").Select(c => c.Body["offset"]?.GetValue<int>() ?? 0).DefaultIfEmpty(0).Max();
            lock (_updates) return _updates.Count == 0 || _updates.Max(u => u["update_id"]!.GetValue<int>()) < last;
        }
    }

    private async Task<IResult> HandleAsync(string token, string method, HttpRequest request)
    {
        var body = await JsonNode.ParseAsync(request.Body) as JsonObject ?? [];
        _calls.Enqueue(new Call(method, token, body));
        if (token != Token) return Json(401, new JsonObject { ["ok"] = false, ["error_code"] = 401, ["description"] = "Unauthorized" });
        if (_scripted.TryGetValue(method, out var queue) && queue.TryDequeue(out var scripted))
            return Results.Text(scripted.Json, "application/json", statusCode: scripted.Status);
        return method switch
        {
            "getUpdates" => Ok(await UpdatesAsync(body)),
            "sendMessage" or "editMessageText" => Ok(Message(body)),
            "getMe" => Ok(new JsonObject { ["id"] = 123456, ["is_bot"] = true, ["first_name"] = "Lybunt", ["username"] = "lybunt_test_bot" }),
            _ => Ok(JsonValue.Create(true)),
        };
    }

    private async Task<JsonArray> UpdatesAsync(JsonObject body)
    {
        var offset = body["offset"]?.GetValue<int>() ?? 0;
        var timeout = Math.Min(body["timeout"]?.GetValue<int>() ?? 0, 2);
        var until = DateTime.UtcNow.AddSeconds(timeout);
        while (true)
        {
            lock (_updates)
            {
                var pending = _updates.Where(u => u["update_id"]!.GetValue<int>() >= offset).Select(u => u.DeepClone()).ToList();
                if (pending.Count > 0 || DateTime.UtcNow >= until) return [.. pending];
            }
            await _newUpdate.WaitAsync(TimeSpan.FromMilliseconds(100));
        }
    }

    private JsonObject Message(JsonObject body)
    {
        var chat = body["chat_id"]!.GetValue<long>();
        return new JsonObject
        {
            ["message_id"] = body["message_id"]?.GetValue<int>() ?? Interlocked.Increment(ref _nextMessageId),
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["chat"] = new JsonObject { ["id"] = chat, ["type"] = "private", ["first_name"] = "Test" },
            ["text"] = body["text"]?.GetValue<string>() ?? "",
        };
    }

    private static IResult Ok(JsonNode result) => Json(200, new JsonObject { ["ok"] = true, ["result"] = result });

    private static IResult Json(int status, JsonObject json) => Results.Text(json.ToJsonString(), "application/json", statusCode: status);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _newUpdate.Dispose();
    }
}
