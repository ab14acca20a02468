namespace LybuntCrm.Web.Domain;

/// <summary>
/// A free label on clients ("VIP", "Tết gifts"). One tag per folded name (<see cref="TagNames.Normalize"/>): "VIP" and
/// "vip", or "Khách quen" and "khach quen", are the same tag, shown as first written.
/// </summary>
public class Tag
{
    public const int MaxLength = 40;

    public int Id { get; set; }
    public string Name { get; set; } = "";
    /// <summary>The name folded for case and diacritics; unique.</summary>
    public string NormalizedName { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
}
