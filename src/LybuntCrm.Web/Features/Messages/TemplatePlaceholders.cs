using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Messages;

/// <summary>
/// The names a message template may use, each with the words that explain it on the template page. A template naming
/// anything else is refused when it is saved.
/// </summary>
public static class TemplatePlaceholders
{
    public const string ContactName = "contact_name";
    public const string FormOfAddress = "form_of_address";
    public const string ClientName = "client_name";
    public const string ManagerName = "manager_name";
    public const string LastPurchase = "last_purchase";
    public const string LastPurchaseDate = "last_purchase_date";
    public const string Occasion = "occasion";
    public const string OccasionDate = "occasion_date";
    public const string Years = "years";

    public static readonly IReadOnlyList<string> Names =
        [ContactName, FormOfAddress, ClientName, ManagerName, LastPurchase, LastPurchaseDate, Occasion, OccasionDate, Years];

    /// <summary>Each name with the words that explain it, in the reader's language.</summary>
    public static IReadOnlyList<(string Name, string Description)> Described(IStringLocalizer t) =>
    [
        (ContactName, t["The contact's name"]),
        (FormOfAddress, t["How the contact is addressed (their name when not set)"]),
        (ClientName, t["The client's name"]),
        (ManagerName, t["Your name"]),
        (LastPurchase, t["The amount of the client's last purchase"]),
        (LastPurchaseDate, t["The date of the client's last purchase"]),
        (Occasion, t["The occasion, in words (a birthday, years as a customer)"]),
        (OccasionDate, t["The date of the occasion"]),
        (Years, t["The years the occasion counts (an anniversary)"]),
    ];

    public static bool IsKnown(string name) => Names.Contains(name);
}
