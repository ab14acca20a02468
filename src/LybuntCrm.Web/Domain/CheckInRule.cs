namespace LybuntCrm.Web.Domain;

/// <summary>When a client is next due for a check-in.</summary>
public static class CheckInRule
{
    /// <summary>
    /// Last contact (we reached them or they reached us) plus the cadence; without any contact, the last purchase
    /// or else the day the client was created, plus the cadence. Null for clients the schedules must leave alone.
    /// </summary>
    public static DateOnly? NextDue(bool contactable, DateOnly? lastContact, DateOnly? lastPurchase, DateOnly createdOn, int cadenceDays) =>
        contactable ? (lastContact ?? lastPurchase ?? createdOn).AddDays(cadenceDays) : null;

    public static bool IsValidCadence(int days) => days is >= Client.MinCadenceDays and <= Client.MaxCadenceDays;
}
