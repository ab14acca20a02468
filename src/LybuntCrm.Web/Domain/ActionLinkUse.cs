namespace LybuntCrm.Web.Domain;

/// <summary>A one-click link from an email that has been used: each link works once.</summary>
public class ActionLinkUse
{
    public int Id { get; set; }
    /// <summary>The link's own random id (not the signed token).</summary>
    public string LinkId { get; set; } = "";
    public string UserId { get; set; } = "";
    public DateTime UsedAtUtc { get; set; }
}
