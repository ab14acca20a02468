using LybuntCrm.Web.Infrastructure.Jobs;

namespace LybuntCrm.Web.Features.Mailboxes;

/// <summary>Every five minutes: the new messages of every connected mailbox become touches. A failing mailbox never stops the others.</summary>
public sealed class MailboxSyncJob(MailboxSync sync) : ICrmJob
{
    public const string JobId = "mailbox-sync";

    public async Task RunAsync(CancellationToken ct) => await sync.SyncAllAsync(ct);

    /// <summary>One mailbox now ("Sync now" on the Mailbox page); a sync already running for it is left to finish.</summary>
    public async Task RunOneAsync(int mailboxId, CancellationToken ct) => await sync.SyncAsync(mailboxId, ct);
}
