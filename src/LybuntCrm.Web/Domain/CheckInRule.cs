using System.Linq.Expressions;

namespace LybuntCrm.Web.Domain;

/// <summary>
/// When a client is next due for a check-in, written once as an expression: <c>ClientFacts</c> sets
/// <see cref="Client.NextCheckInOn"/> with it in one set-based update, for one client or for all.
/// </summary>
public static class CheckInRule
{
    /// <summary>
    /// Last contact (we reached them or they reached us) plus the cadence; without any contact, the last purchase or else
    /// the day the client was created, plus the cadence. A prospect set aside to be revisited on a later date is due on that
    /// date. Null for clients the schedules must leave alone (<see cref="ClientRules.Contactable"/>).
    /// </summary>
    public static readonly Expression<Func<Client, DateOnly?>> NextDue = Build();

    private static Expression<Func<Client, DateOnly?>> Build()
    {
        Expression<Func<Client, DateOnly?>> due = c =>
            c.RevisitOn != null && c.RevisitOn > (c.LastContactOn ?? c.LastPurchaseOn ?? c.CreatedOn).AddDays(c.CadenceDays)
                ? c.RevisitOn
                : (DateOnly?)(c.LastContactOn ?? c.LastPurchaseOn ?? c.CreatedOn).AddDays(c.CadenceDays);
        var client = due.Parameters[0];
        var body = Expression.Condition(ClientRules.Inline(ClientRules.Contactable, client), due.Body, Expression.Constant(null, typeof(DateOnly?)));
        return Expression.Lambda<Func<Client, DateOnly?>>(body, client);
    }

    private static readonly Func<Client, DateOnly?> NextDueCompiled = NextDue.Compile();

    /// <summary>The rule for a client in memory (its derived facts must be current).</summary>
    public static DateOnly? NextDueOf(Client client) => NextDueCompiled(client);

    public static bool IsValidCadence(int days) => days is >= Client.MinCadenceDays and <= Client.MaxCadenceDays;
}
