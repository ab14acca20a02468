namespace LybuntCrm.Web.Features.Mailboxes;

/// <summary>A folder of the server offered on the folder form: its name, whether it is the sent folder, and whether it is synced now.</summary>
public sealed record FolderChoice(string Name, bool IsSent, bool Chosen)
{
    public static IReadOnlyList<FolderChoice> Of(MailboxOutcome listed, IReadOnlyCollection<string> synced) =>
        listed.ServerFolders.Select(f => new FolderChoice(f.Name, f.IsSent, synced.Contains(f.Name))).ToList();
}
