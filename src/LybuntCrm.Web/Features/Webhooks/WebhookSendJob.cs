using System.Globalization;
using System.Text;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Webhooks;

/// <summary>
/// Sends the webhook outbox every minute: each due delivery is POSTed, signed, to its endpoint; a 2xx answer delivers it,
/// anything else is retried with backoff for a day. An endpoint whose deliveries have all failed for a day is paused and
/// the admins are told.
/// </summary>
public sealed class WebhookSendJob(CrmDbContext db, WebhookQueue queue, WebhookSecrets secrets, IHttpClientFactory http, IClock clock,
    IConfiguration configuration, WebhookPausing pausing, ILogger<WebhookSendJob> logger) : ICrmJob
{
    public const string JobId = "webhook-send";
    public const string HttpClientName = "webhooks";
    /// <summary>Claimed batches per run, so a run ends even while new events keep arriving.</summary>
    private const int MaxBatches = 20;

    public async Task RunAsync(CancellationToken ct)
    {
        await queue.ReclaimStaleAsync(ct);
        var allowPrivate = await WebhookSettings.AllowPrivateAddressesAsync(db, ct);
        var timeout = TimeSpan.FromSeconds(Math.Clamp(configuration.GetValue("Webhooks:TimeoutSeconds", 10), 1, 120));
        var failedThisRun = new HashSet<int>();
        for (var batch = 0; batch < MaxBatches; batch++)
        {
            var deliveries = await queue.ClaimAsync(ct);
            if (deliveries.Count == 0) break;
            var endpointIds = deliveries.Select(d => d.EndpointId).Distinct().ToList();
            var endpoints = await db.WebhookEndpoints.AsNoTracking().Where(e => endpointIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
            foreach (var delivery in deliveries)
            {
                // One slow or broken receiver must not hold up the others: its later deliveries wait for the next run.
                if (failedThisRun.Contains(delivery.EndpointId) || !endpoints.TryGetValue(delivery.EndpointId, out var endpoint))
                {
                    await queue.ReleaseAsync(delivery, ct);
                    continue;
                }
                if (!await SendAsync(endpoint, delivery, allowPrivate, timeout, ct)) failedThisRun.Add(endpoint.Id);
            }
        }
        await pausing.PauseFailingAsync(ct);
    }

    private async Task<bool> SendAsync(WebhookEndpoint endpoint, WebhookDelivery delivery, bool allowPrivate, TimeSpan timeout, CancellationToken ct)
    {
        int? status = null;
        string answer;
        try
        {
            var refusal = await WebhookAddressGuard.RefusalAsync(endpoint.Url, allowPrivate, ct);
            if (refusal is not null) throw new WebhookAddressRefusedException();
            var timestamp = new DateTimeOffset(clock.UtcNow).ToUnixTimeSeconds();
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url)
            {
                Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
            };
            request.Options.Set(WebhookAddressGuard.AllowPrivateOption, allowPrivate);
            request.Headers.Add("X-Lybunt-Event", delivery.EventType);
            request.Headers.Add("X-Lybunt-Delivery", delivery.EventId.ToString());
            request.Headers.Add("X-Lybunt-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("X-Lybunt-Signature", WebhookSignature.Sign(secrets.Unprotect(endpoint.ProtectedSecret), timestamp, delivery.Payload));
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(timeout);
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
            status = (int)response.StatusCode;
            answer = await ReadStartAsync(response, cts.Token);
            if (response.IsSuccessStatusCode)
            {
                await queue.DeliveredAsync(delivery, status.Value, answer, ct);
                await db.WebhookEndpoints.Where(e => e.Id == endpoint.Id && e.FailingSinceUtc != null)
                    .ExecuteUpdateAsync(s => s.SetProperty(e => e.FailingSinceUtc, (DateTime?)null), ct);
                return true;
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            answer = WebhookAnswers.TimedOut;
        }
        catch (WebhookAddressRefusedException)
        {
            answer = WebhookAnswers.PrivateAddress;
        }
        catch (HttpRequestException e) when (e.InnerException is WebhookAddressRefusedException)
        {
            answer = WebhookAnswers.PrivateAddress;
        }
        catch (HttpRequestException e)
        {
            answer = WebhookAnswers.Unreachable + " " + e.Message;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            answer = WebhookAnswers.SecretUnreadable;
        }
        logger.LogInformation("Webhook delivery {DeliveryId} to endpoint {EndpointId} failed (attempt {Attempt}, status {Status})",
            delivery.Id, endpoint.Id, delivery.Attempts, status);
        await queue.RetryLaterAsync(delivery, status, answer, ct);
        var now = clock.UtcNow;
        await db.WebhookEndpoints.Where(e => e.Id == endpoint.Id && e.FailingSinceUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.FailingSinceUtc, now), ct);
        return false;
    }

    /// <summary>The first characters of the answer: enough to show what the receiver said, never a whole page.</summary>
    private static async Task<string> ReadStartAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new char[WebhookDelivery.AnswerMaxLength];
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), ct);
        return new string(buffer, 0, read);
    }
}
