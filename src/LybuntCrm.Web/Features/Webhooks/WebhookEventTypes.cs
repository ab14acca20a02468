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
        ClientCreated => "A client was added",
        ClientUpdated => "A client was edited",
        PurchaseRecorded => "A purchase was recorded",
        TouchpointLogged => "A touch was logged",
        ClientFlaggedLybunt => "A client was flagged LYBUNT",
        ClientRecovered => "A LYBUNT client bought again",
        FollowUpDue => "A follow-up is due",
        ImportFinished => "An import finished",
        _ => "A test event",
    };
}
