using LybuntCrm.Web.Domain;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace LybuntCrm.Web.Features.Mailboxes;

/// <summary>Where and how to sign in to a mailbox.</summary>
public sealed record MailboxServer(string Host, int Port, MailSecurity Security, string UserName, string Password)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>A folder on the server, and whether it is the one sent mail goes to (its <c>\Sent</c> flag).</summary>
    public sealed record Folder(string Name, bool IsSent);

    /// <summary>Connects and signs in; the caller disposes the client.</summary>
    public async Task<ImapClient> ConnectAsync(CancellationToken ct)
    {
        var client = new ImapClient { Timeout = (int)Timeout.TotalMilliseconds };
        try
        {
            var options = Security switch
            {
                MailSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                MailSecurity.StartTls => SecureSocketOptions.StartTls,
                _ => SecureSocketOptions.None,
            };
            await client.ConnectAsync(Host, Port, options, ct);
            await client.AuthenticateAsync(UserName, Password, ct);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Signs in and lists the folders that can hold mail (to choose which to sync).</summary>
    public async Task<IReadOnlyList<Folder>> ListFoldersAsync(CancellationToken ct)
    {
        using var client = await ConnectAsync(ct);
        var sent = (client.Capabilities & ImapCapabilities.SpecialUse) != 0 ? client.GetFolder(SpecialFolder.Sent)?.FullName : null;
        var folders = new List<Folder> { new(client.Inbox.FullName, false) };
        foreach (var ns in client.PersonalNamespaces)
        {
            foreach (var folder in await client.GetFoldersAsync(ns, StatusItems.None, subscribedOnly: false, ct))
            {
                if (folder.IsNamespace || (folder.Attributes & (FolderAttributes.NoSelect | FolderAttributes.NonExistent)) != 0) continue;
                if (folder.FullName.Equals(client.Inbox.FullName, StringComparison.OrdinalIgnoreCase)) continue;
                var isSent = folder.FullName == sent || (folder.Attributes & FolderAttributes.Sent) != 0;
                folders.Add(new Folder(folder.FullName, isSent));
            }
        }
        await client.DisconnectAsync(true, ct);
        return folders;
    }

    /// <summary>The folders synced unless chosen otherwise: the inbox and the sent folder.</summary>
    public static IReadOnlyList<string> DefaultFolders(IReadOnlyList<Folder> folders) =>
        folders.Take(1).Concat(folders.Where(f => f.IsSent).Take(1)).Select(f => f.Name).Distinct().ToList();
}
