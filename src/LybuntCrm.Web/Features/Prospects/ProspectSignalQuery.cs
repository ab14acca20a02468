using System.Text.Json;
using System.Text.Json.Serialization;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Prospects;

/// <summary>A prospect's signals: all found, and those not silenced by a keep-pursuing decision.</summary>
public sealed record ProspectSignalSet(IReadOnlyList<Signal> All, IReadOnlyList<Signal> Active, IReadOnlySet<SignalKind> Silenced, DateOnly? SilencedUntil)
{
    public static ProspectSignalSet None { get; } = new([], [], new HashSet<SignalKind>(), null);
}

/// <summary>
/// Computes the signals of many prospects in three queries (facts, the touchpoints that can matter, recent keep-pursuing
/// decisions) and evaluates the pure rules in memory: no query per prospect.
/// </summary>
public static class ProspectSignalQuery
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static async Task<SignalThresholds> ThresholdsAsync(CrmDbContext db, CancellationToken ct = default)
    {
        string[] keys = [SettingKeys.ProspectIdeaTakerDays, SettingKeys.ProspectDelayCount, SettingKeys.ProspectDelayWindowDays,
            SettingKeys.ProspectCostPercent, SettingKeys.ProspectQuietDays, SettingKeys.ProspectSilenceDays];
        var values = await db.Settings.AsNoTracking().Where(s => keys.Contains(s.Key)).ToDictionaryAsync(s => s.Key, s => s.Value, ct);
        var d = SignalThresholds.Default;
        int Get(string key, int fallback) => values.TryGetValue(key, out var v) && int.TryParse(v, out var n) ? n : fallback;
        return new SignalThresholds(
            Get(SettingKeys.ProspectIdeaTakerDays, d.IdeaTakerDays),
            Get(SettingKeys.ProspectDelayCount, d.DelayCount),
            Get(SettingKeys.ProspectDelayWindowDays, d.DelayWindowDays),
            Get(SettingKeys.ProspectCostPercent, d.CostPercent),
            Get(SettingKeys.ProspectQuietDays, d.QuietDays),
            Get(SettingKeys.ProspectSilenceDays, d.SilenceDays));
    }

    /// <param name="allTouchpoints">Load every touchpoint (for the evidence of one prospect's review) instead of only those that can raise a signal.</param>
    public static async Task<Dictionary<int, ProspectSignalSet>> ForAsync(CrmDbContext db, IQueryable<Client> prospects, DateOnly today,
        SignalThresholds thresholds, bool allTouchpoints = false, CancellationToken ct = default)
    {
        var facts = await prospects.AsNoTracking()
            .Select(c => new ProspectFacts(c.Id, c.CreatedOn, c.ExpectedValue, c.AcquisitionCost)).ToListAsync(ct);
        if (facts.Count == 0) return [];

        var ids = prospects.Select(c => c.Id);
        var touchQuery = db.Touchpoints.AsNoTracking().Where(t => ids.Contains(t.ClientId));
        if (!allTouchpoints)
        {
            // The same filter as ProspectSignals.MayMatter, run by the database: these decide every signal.
            touchQuery = touchQuery.Where(t => t.Direction == Direction.Inbound || t.Disrespectful || t.Cost != null
                || t.Outcome == TouchpointOutcome.ProposalSent || t.Outcome == TouchpointOutcome.Postponed || t.Outcome == TouchpointOutcome.NoShow);
        }
        var touches = (await touchQuery
                .Select(t => new SignalTouch(t.Id, t.ClientId, t.OccurredOn, t.Direction, t.Outcome, t.Disrespectful, t.Cost))
                .ToListAsync(ct))
            .ToLookup(t => t.ClientId);

        var silences = (await db.ProspectReviews.AsNoTracking()
                .Where(r => ids.Contains(r.ClientId) && r.Decision == ReviewDecision.KeepPursuing && r.SilencedUntil > today)
                .Select(r => new { r.ClientId, r.SignalsJson, r.SilencedUntil })
                .ToListAsync(ct))
            .GroupBy(r => r.ClientId)
            .ToDictionary(g => g.Key, g => (
                Kinds: (IReadOnlySet<SignalKind>)g.SelectMany(r => Parse(r.SignalsJson)).Select(s => s.Kind).ToHashSet(),
                Until: g.Max(r => r.SilencedUntil)));

        var result = new Dictionary<int, ProspectSignalSet>(facts.Count);
        foreach (var prospect in facts)
        {
            var all = ProspectSignals.Evaluate(prospect, touches[prospect.ClientId], today, thresholds);
            var silenced = silences.TryGetValue(prospect.ClientId, out var s) ? s : (Kinds: new HashSet<SignalKind>(), Until: null);
            result[prospect.ClientId] = new ProspectSignalSet(all, ProspectSignals.Active(all, silenced.Kinds), silenced.Kinds, silenced.Until);
        }
        return result;
    }

    public static string Serialize(IEnumerable<Signal> signals) => JsonSerializer.Serialize(signals, Json);

    public static IReadOnlyList<Signal> Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return [];
        try
        {
            return JsonSerializer.Deserialize<List<Signal>>(json, Json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
