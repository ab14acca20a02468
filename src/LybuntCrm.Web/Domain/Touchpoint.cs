namespace LybuntCrm.Web.Domain;

/// <summary>One contact with a client, in either direction.</summary>
public class Touchpoint
{
    public int Id { get; set; }
    public int ClientId { get; set; }
    public Client? Client { get; set; }
    public int? ContactId { get; set; }
    public Contact? Contact { get; set; }
    public string UserId { get; set; } = "";
    public AppUser? User { get; set; }
    public DateOnly OccurredOn { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public Channel Channel { get; set; }
    public Direction Direction { get; set; }
    public TouchpointOutcome Outcome { get; set; }
    public string? Summary { get; set; }
    /// <summary>Money spent on the contact (a meal, a gift).</summary>
    public decimal? Cost { get; set; }
    /// <summary>The client was rude or abusive to us.</summary>
    public bool Disrespectful { get; set; }
    public TouchpointSource Source { get; set; }
    /// <summary>For a synced message: its Message-ID (or a hash of From, Date and Subject), one touch per client and message.</summary>
    public string? MessageKey { get; set; }
    /// <summary>For a synced message: its subject (the start of its text is the <see cref="Summary"/>).</summary>
    public string? Subject { get; set; }

    private static readonly Func<Touchpoint, bool> ReachesCompiled = ClientTimeline.Reaches.Compile();

    /// <summary>A touch resets the cadence when it reached the client (<see cref="ClientTimeline.Reaches"/>).</summary>
    public static bool CountsAsContact(Direction direction, TouchpointOutcome outcome) =>
        ReachesCompiled(new Touchpoint { Direction = direction, Outcome = outcome });

    /// <summary>The group a touch counts in on the activity chart: reached exactly when it <see cref="CountsAsContact"/>.</summary>
    public static TouchResult ResultOf(Direction direction, TouchpointOutcome outcome) =>
        CountsAsContact(direction, outcome) ? TouchResult.Reached
        : outcome is TouchpointOutcome.NoAnswer or TouchpointOutcome.LeftMessage or TouchpointOutcome.NoShow ? TouchResult.NoAnswer
        : TouchResult.Other;
}
