namespace LybuntCrm.Web.Domain;

/// <summary>A tag on a client. It has an id of its own so that a merge can list the rows it moves (<c>ClientMergeRow</c>).</summary>
public class ClientTag
{
    public int Id { get; set; }
    public int ClientId { get; set; }
    public Client? Client { get; set; }
    public int TagId { get; set; }
    public Tag? Tag { get; set; }
    public DateTime AddedAtUtc { get; set; }
}
