namespace LybuntCrm.Web.Domain;

/// <summary>A folder of a mailbox that is synced, and how far it has been read (IMAP UIDVALIDITY and the last UID).</summary>
public class MailboxFolder
{
    public int Id { get; set; }
    public int MailboxId { get; set; }
    public Mailbox? Mailbox { get; set; }
    public string Name { get; set; } = "";
    public long UidValidity { get; set; }
    public long LastUid { get; set; }
}
