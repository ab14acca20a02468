using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Clients.Duplicates;

/// <summary>Why two clients look like one, in the reader's words: the duplicates page and the import's dry run say it alike.</summary>
public static class DuplicateReasonText
{
    public static string Of(IStringLocalizer t, DisplayFormat f, DuplicateReasons reason, int nameSimilarity) => reason switch
    {
        DuplicateReasons.SamePhone => t["Same phone"],
        DuplicateReasons.SameEmail => t["Same email"],
        DuplicateReasons.SameExternalId => t["Same external id"],
        DuplicateReasons.SameDomain => t["Same email domain"],
        DuplicateReasons.SimilarName => nameSimilarity >= 100 ? t["Same name after folding"] : t["Names {0}% alike", f.Number(nameSimilarity)],
        _ => reason.ToString(),
    };

    /// <summary>Each reason of a set, in a fixed order.</summary>
    public static IEnumerable<DuplicateReasons> Each(DuplicateReasons reasons) =>
        Enum.GetValues<DuplicateReasons>().Where(r => r != DuplicateReasons.None && reasons.HasFlag(r));
}
