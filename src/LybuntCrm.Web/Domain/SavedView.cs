namespace LybuntCrm.Web.Domain;

/// <summary>
/// A named search, filters and sort of the client list. <see cref="Query"/> holds the list's query string as
/// <c>SavedViewQuery</c> validated it (known parameters only), so opening a view is opening that address.
/// </summary>
public class SavedView
{
    public const int NameMaxLength = 80;

    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string OwnerId { get; set; } = "";
    public AppUser? Owner { get; set; }
    /// <summary>Shared with the team: every user sees it in the list's sidebar; each manager sees their own clients in it.</summary>
    public bool IsShared { get; set; }
    public string Query { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
}
