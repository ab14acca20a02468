using System.Diagnostics;
using LybuntCrm.IntegrationTests.Features.Webhooks;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Security;

/// <summary>
/// kill -9 of the webhook sender while its request is at the receiver: the delivery was committed with the purchase, claimed,
/// and never marked. The receiver holds the request open (no hook in the app), so the moment is certain.
/// </summary>
[Collection(SeparateProcesses.Name)]
[Trait(SeparateProcesses.Trait, SeparateProcesses.Name)]
public sealed class KillDuringWebhookSendTests
{
    [Fact]
    public async Task A_sender_killed_mid_request_leaves_the_delivery_to_the_next_run_which_sends_it_with_the_same_event_id()
    {
        await using var receiver = new WebhookReceiver();
        using var env = new ProcessEnvironment(new Dictionary<string, string?> { ["Webhooks:TimeoutSeconds"] = "60" });
        var settings = new Dictionary<string, string?> { ["App:DataDirectory"] = env.DataDirectory };
        if (env.PostgresDatabase is not null)
        {
            settings["Database:Provider"] = "Postgres";
            settings["ConnectionStrings:Default"] = TestDatabase.PostgresConnectionString(env.PostgresDatabase);
        }
        using (var app = new CrmApp(new DateOnly(2026, 6, 15), settings))
        {
            var (_, managerId, _) = await app.EnsureStandardUsersAsync();
            await app.RegisterAsync(receiver.Url, WebhookEventTypes.PurchaseRecorded);
            var clientId = await app.WithDbAsync(async db =>
            {
                var client = new Client { Name = "Bao Events", OwnerId = managerId, CreatedOn = new DateOnly(2026, 1, 5), CreatedAtUtc = DateTime.UtcNow };
                db.Clients.Add(client);
                await db.SaveChangesAsync();
                return client.Id;
            });
            await WebhookDeliveryTests.PostPurchaseAsync(app, clientId);
        }
        receiver.HangNext();

        using (var sender = AppProcess.StartCommand(env.Variables, "jobs", "run", WebhookSendJob.JobId))
        {
            var watch = Stopwatch.StartNew();
            while (receiver.Requests.Count == 0)
            {
                sender.HasExited.Should().BeFalse("the sender ended before its request reached the receiver");
                watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(60), "waiting for the request");
                await Task.Delay(50);
            }
            sender.Kill(entireProcessTree: true);
            await sender.WaitForExitAsync();
        }
        var interrupted = await DeliveryAsync(env);
        interrupted.Status.Should().Be(WebhookDeliveryStatus.Sending, "the kill came before the answer was recorded");

        // Ten minutes later (the claim is aged rather than waited for) the next run takes it back and delivers it.
        await using (var db = env.Db())
            await db.WebhookDeliveries.ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimedAtUtc, d => d.ClaimedAtUtc!.Value.AddMinutes(-11)));
        (await AppProcess.RunCommandAsync(env.Variables, "jobs", "run", WebhookSendJob.JobId)).Should().Be(0);
        (await AppProcess.RunCommandAsync(env.Variables, "jobs", "run", WebhookSendJob.JobId)).Should().Be(0);

        var final = await DeliveryAsync(env);
        final.Status.Should().Be(WebhookDeliveryStatus.Delivered, "no event is lost");
        receiver.Requests.Should().HaveCount(2);
        receiver.Requests.Select(r => r.Delivery).Distinct().Should().ContainSingle("the receiver can tell the second copy by its event id")
            .Which.Should().Be(final.EventId.ToString());
    }

    private static async Task<WebhookDelivery> DeliveryAsync(ProcessEnvironment env)
    {
        await using var db = env.Db();
        return await db.WebhookDeliveries.AsNoTracking().SingleAsync();
    }
}
