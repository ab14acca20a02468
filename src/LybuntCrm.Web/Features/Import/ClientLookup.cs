namespace LybuntCrm.Web.Features.Import;

/// <summary>
/// Existing clients by external id, email and folded name, as both imports find them. A name that several clients share
/// finds none of them: it maps to <see cref="AmbiguousName"/>.
/// </summary>
internal sealed class ClientLookup
{
    public const int AmbiguousName = -1;

    private readonly Dictionary<string, int> _byExternalId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _byEmail = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _byName = new(StringComparer.Ordinal);

    public static string Fold(string text) => text.ToLowerInvariant();

    public static string AmbiguousNameMessage(string name) => ImportMessages.Format(ImportMessages.AmbiguousName, name);

    /// <summary>The first client added for an external id keeps it.</summary>
    public void AddExternalId(string externalId, int id) => _byExternalId.TryAdd(externalId, id);

    /// <summary>The first client added for an email keeps it; the email is normalised here.</summary>
    public void AddEmail(string email, int id) => _byEmail.TryAdd(ImportValues.NormaliseEmail(email), id);

    public void AddName(string name, int id)
    {
        if (!_byName.TryAdd(Fold(name), id)) _byName[Fold(name)] = AmbiguousName;
    }

    public bool TryFindByExternalId(string externalId, out int id) => _byExternalId.TryGetValue(externalId, out id);

    /// <summary>By an already normalised email.</summary>
    public bool TryFindByEmail(string email, out int id) => _byEmail.TryGetValue(email, out id);

    /// <summary>By name, folded here; the id may be <see cref="AmbiguousName"/>.</summary>
    public bool TryFindByName(string name, out int id) => _byName.TryGetValue(Fold(name), out id);
}
