using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Today;

/// <summary>
/// Nightly: creates an Occasion follow-up a few days (setting <see cref="SettingKeys.OccasionLeadDays"/>, default 7)
/// before contacts' birthdays, customer-since anniversaries, delivered projects (+6 months, then every anniversary)
/// and custom yearly dates, once per occasion per year, for clients that may be contacted.
/// </summary>
public sealed class OccasionScheduleJob(CrmDbContext db, IClock clock, ILogger<OccasionScheduleJob> logger) : ICrmJob
{
    public const string JobId = "occasion-schedule";

    /// <summary>An occasion found for a client, with its reason code and values (<see cref="FollowUpReasons"/>).</summary>
    private sealed record Candidate(Occasion Occasion, int ClientId, int? ContactId, string OwnerId, string Code, string Args);

    public async Task RunAsync(CancellationToken ct) => await ScheduleAsync(ct);

    public async Task<int> ScheduleAsync(CancellationToken ct)
    {
        var today = clock.Today;
        var lead = Math.Clamp(await db.GetIntSettingAsync(SettingKeys.OccasionLeadDays, Occasions.DefaultLeadDays, ct), 0, Occasions.MaxLeadDays);
        var months = Enumerable.Range(0, lead + 1).Select(d => today.AddDays(d).Month).Distinct().ToList();
        var monthsSixBack = months.Select(m => (m + 5) % 12 + 1).ToList(); // the month six months earlier
        var candidates = new List<Candidate>();

        var contactable = db.Clients.Where(ClientRules.Contactable);

        var birthdays = await db.Contacts.AsNoTracking()
            .Where(c => c.BirthdayMonth != null && c.BirthdayDay != null && months.Contains(c.BirthdayMonth.Value))
            .Join(contactable, p => p.ClientId, c => c.Id, (p, c) => new { p.Id, p.ClientId, p.Name, p.BirthdayMonth, p.BirthdayDay, p.BirthdayYear, c.OwnerId })
            .ToListAsync(ct);
        foreach (var b in birthdays)
        {
            foreach (var o in Occasions.Birthday(b.Id, b.BirthdayMonth!.Value, b.BirthdayDay!.Value, b.BirthdayYear, today, lead))
                candidates.Add(new Candidate(o, b.ClientId, b.Id, b.OwnerId, FollowUpReasons.Birthday, Args(b.Name, Day(o.On))));
        }

        var firstPurchases = await contactable.AsNoTracking()
            .Where(c => c.FirstPurchaseOn != null && months.Contains(c.FirstPurchaseOn.Value.Month)
                && !db.KeyDates.Any(k => k.ClientId == c.Id && k.Kind == KeyDateKind.CustomerSince))
            .Select(c => new { c.Id, c.OwnerId, Since = c.FirstPurchaseOn!.Value })
            .ToListAsync(ct);
        foreach (var c in firstPurchases)
        {
            foreach (var o in Occasions.CustomerSince(c.Id, c.Since, today, lead))
                candidates.Add(new Candidate(o, c.Id, null, c.OwnerId, FollowUpReasons.CustomerSince, CustomerSinceArgs(o)));
        }

        var keyDates = await db.KeyDates.AsNoTracking()
            .Where(k => months.Contains(k.Date.Month) || (k.Kind == KeyDateKind.ProjectDelivered && monthsSixBack.Contains(k.Date.Month)))
            .Join(contactable, k => k.ClientId, c => c.Id, (k, c) => new { k.Id, k.ClientId, k.ContactId, k.Kind, k.Date, k.Label, c.OwnerId })
            .ToListAsync(ct);
        foreach (var k in keyDates)
        {
            var label = string.IsNullOrWhiteSpace(k.Label) ? null : k.Label.Trim();
            IEnumerable<Candidate> found = k.Kind switch
            {
                KeyDateKind.CustomerSince => Occasions.CustomerSince(k.ClientId, k.Date, today, lead)
                    .Select(o => new Candidate(o, k.ClientId, k.ContactId, k.OwnerId, FollowUpReasons.CustomerSince, CustomerSinceArgs(o))),
                KeyDateKind.ProjectDelivered => Occasions.ProjectDelivered(k.Id, k.Date, today, lead)
                    .Select(o => o.Kind == OccasionKind.ProjectFollowUp
                        ? new Candidate(o, k.ClientId, k.ContactId, k.OwnerId, FollowUpReasons.ProjectSixMonths, Args(label))
                        : new Candidate(o, k.ClientId, k.ContactId, k.OwnerId, FollowUpReasons.ProjectAnniversary,
                            Args(FollowUpReasons.Value(o.Years), label, Day(o.On)))),
                KeyDateKind.Birthday => Occasions.Custom(k.Id, k.Date, today, lead)
                    .Select(o => new Candidate(o with { Kind = OccasionKind.Birthday }, k.ClientId, k.ContactId, k.OwnerId,
                        FollowUpReasons.KeyDateBirthday, Args(label, Day(o.On)))),
                _ => Occasions.Custom(k.Id, k.Date, today, lead)
                    .Select(o => new Candidate(o, k.ClientId, k.ContactId, k.OwnerId, FollowUpReasons.YearlyDate, Args(label, Day(o.On)))),
            };
            candidates.AddRange(found);
        }

        if (candidates.Count == 0) return 0;
        var keys = candidates.Select(c => c.Occasion.SourceKey).ToList();
        var existing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in keys.Chunk(500))
            existing.UnionWith(await db.FollowUps.Where(f => chunk.Contains(f.SourceKey)).Select(f => f.SourceKey).ToListAsync(ct));

        var now = clock.UtcNow;
        var fresh = candidates.Where(c => existing.Add(c.Occasion.SourceKey) && c.OwnerId.Length > 0).Select(c => new FollowUp
        {
            ClientId = c.ClientId,
            ContactId = c.ContactId,
            AssigneeId = c.OwnerId,
            Kind = FollowUpKind.Occasion,
            DueOn = c.Occasion.On,
            PlannedOn = today,
            ReasonCode = c.Code,
            ReasonArgs = c.Args,
            SourceKey = c.Occasion.SourceKey,
            CreatedAtUtc = now,
        }).ToList();
        if (fresh.Count == 0) return 0;
        db.FollowUps.AddRange(fresh);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        await FollowUpPlanning.LevelAsync(db, clock, fresh.Select(f => f.AssigneeId).Distinct().ToList(), ct);
        logger.LogInformation("Occasions: {Created} follow-ups created", fresh.Count);
        return fresh.Count;
    }

    private static string Day(DateOnly on) => FollowUpReasons.Value(on);

    private static string Args(params string?[] values) => FollowUpReasons.Args(values);

    private static string CustomerSinceArgs(Occasion o) => Args(FollowUpReasons.Value(o.Years), Day(o.On));
}
