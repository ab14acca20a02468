using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Clients.Duplicates;

namespace LybuntCrm.Web.Features.Import;

/// <summary>
/// What an import does with a row that looks like existing clients until someone chooses. An external id or an email
/// address names one client: when exactly one match shares one with the row, the row updates it. A shared phone (a
/// switchboard, a family), a company domain or a name alike is only a hint, so such a row is skipped: committing without
/// looking then neither duplicates a client nor changes the wrong one, and the run's notes list every skipped row.
/// </summary>
public static class LikelyMatchDefault
{
    private const DuplicateReasons Identifying = DuplicateReasons.SameExternalId | DuplicateReasons.SameEmail;

    public static (ImportMatchChoice Choice, int? UpdateClientId) For(IReadOnlyList<LikelyMatches.Match> matches)
    {
        var identified = matches.Where(m => (m.Reasons & Identifying) != DuplicateReasons.None).Take(2).ToList();
        return identified.Count == 1 ? (ImportMatchChoice.Update, identified[0].Id) : (ImportMatchChoice.Skip, null);
    }
}
