namespace LybuntCrm.Web.Features.Webhooks;

/// <summary>The events an endpoint can subscribe to, as they appear in <c>X-Lybunt-Event</c> and the payload's <c>type</c>.</summary>
public static class WebhookEventTypes
{
    public const string ClientCreated = "client.created";
    public const string ClientUpdated = "client.updated";
    public const string PurchaseRecorded = "purchase.recorded";
    public const string TouchpointLogged = "touchpoint.logged";
    public const string ClientFlaggedLybunt = "client.flagged_lybunt";
    public const string ClientRecovered = "client.recovered";
    public const string FollowUpDue = "followup.due";
    public const string ImportFinished = "import.finished";
    /// <summary>Sent only by "Send test event", to one endpoint, whatever it subscribes to.</summary>
    public const string Test = "webhook.test";

    public static IReadOnlyList<string> All { get; } =
        [ClientCreated, ClientUpdated, PurchaseRecorded, TouchpointLogged, ClientFlaggedLybunt, ClientRecovered, FollowUpDue, ImportFinished];

    /// <summary>What each event means, in English (a resource key), for the admin page.</summary>
    public static string Describe(string type) => type switch
    {
        ClientCreated => T("A client was added"),
        ClientUpdated => T("A client was edited"),
        PurchaseRecorded => T("A purchase was recorded"),
        TouchpointLogged => T("A touch was logged"),
        ClientFlaggedLybunt => T("A client was flagged LYBUNT"),
        ClientRecovered => T("A LYBUNT client bought again"),
        FollowUpDue => T("A follow-up is due"),
        ImportFinished => T("An import finished"),
        _ => T("A test event"),
    };

    private static string T(string english) => english;
}
