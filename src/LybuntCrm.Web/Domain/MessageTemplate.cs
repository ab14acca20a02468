namespace LybuntCrm.Web.Domain;

/// <summary>
/// An admin's wording of a message to clients for one purpose in one language (en, vi, fa), with placeholders. Without a
/// row the default wording shipped with the app is used.
/// </summary>
public class MessageTemplate
{
    public const int SubjectMaxLength = 200;
    public const int BodyMaxLength = 8000;

    public int Id { get; set; }
    public TemplateKind Kind { get; set; }
    /// <summary>The culture name: "en", "vi" or "fa".</summary>
    public string Language { get; set; } = "en";
    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";
    public DateTime UpdatedAtUtc { get; set; }
    public string? UpdatedById { get; set; }
}
