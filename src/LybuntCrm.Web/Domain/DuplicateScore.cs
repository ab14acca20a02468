namespace LybuntCrm.Web.Domain;

/// <summary>
/// How sure we are that two clients are one, 0 to 100. Each reason is evidence on its own, and independent evidence adds
/// up: the score is 1 − Π(1 − p) over the reasons found, so a shared phone (80) with the same name (80) makes 96.
/// </summary>
public static class DuplicateScore
{
    /// <summary>Names at least this alike after folding count as a reason.</summary>
    public const int NameThreshold = 85;

    /// <summary>Pairs below this are not worth a person's time (a shared company domain alone is exactly this).</summary>
    public const int MinimumScore = 50;

    public static int Of(DuplicateReasons reasons, int nameSimilarity)
    {
        var unlikely = 1.0;
        if (reasons.HasFlag(DuplicateReasons.SameExternalId)) unlikely *= 1 - 0.95;
        if (reasons.HasFlag(DuplicateReasons.SameEmail)) unlikely *= 1 - 0.85;
        if (reasons.HasFlag(DuplicateReasons.SamePhone)) unlikely *= 1 - 0.80;
        if (reasons.HasFlag(DuplicateReasons.SameDomain)) unlikely *= 1 - 0.50;
        if (reasons.HasFlag(DuplicateReasons.SimilarName)) unlikely *= 1 - 0.80 * Math.Clamp(nameSimilarity, 0, 100) / 100.0;
        return (int)Math.Round((1 - unlikely) * 100, MidpointRounding.AwayFromZero);
    }

    /// <summary>The reasons of a candidate pair once its names are compared: similar names add their own reason.</summary>
    public static DuplicateReasons WithName(DuplicateReasons reasons, int nameSimilarity) =>
        nameSimilarity >= NameThreshold ? reasons | DuplicateReasons.SimilarName : reasons & ~DuplicateReasons.SimilarName;
}
