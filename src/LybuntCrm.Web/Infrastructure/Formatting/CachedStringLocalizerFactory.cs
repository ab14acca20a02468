using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Infrastructure.Formatting;

/// <summary>
/// Keeps every translation once found, per culture. The resource manager walks the culture fallback chain on each
/// look-up, and a list page looks up a dozen strings per row: on Today that was an eighth of a request's time.
/// Only strings found in the resources are kept, so text that is not a key (a model error quoting user input) never
/// grows the cache.
/// </summary>
public sealed class CachedStringLocalizerFactory(ResourceManagerStringLocalizerFactory inner) : IStringLocalizerFactory
{
    private readonly ConcurrentDictionary<(Type, string?, string?), IStringLocalizer> _localizers = new();

    public IStringLocalizer Create(Type resourceSource) =>
        _localizers.GetOrAdd((resourceSource, null, null), _ => new CachedStringLocalizer(inner.Create(resourceSource)));

    public IStringLocalizer Create(string baseName, string location) =>
        _localizers.GetOrAdd((typeof(object), baseName, location), _ => new CachedStringLocalizer(inner.Create(baseName, location)));

    private sealed class CachedStringLocalizer(IStringLocalizer inner) : IStringLocalizer
    {
        private readonly ConcurrentDictionary<(string Culture, string Name), LocalizedString> _found = new();

        public LocalizedString this[string name]
        {
            get
            {
                var key = (CultureInfo.CurrentUICulture.Name, name);
                if (_found.TryGetValue(key, out var cached)) return cached;
                var value = inner[name];
                if (!value.ResourceNotFound) _found.TryAdd(key, value);
                return value;
            }
        }

        public LocalizedString this[string name, params object[] arguments]
        {
            get
            {
                var format = this[name];
                return new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, format.Value, arguments), format.ResourceNotFound, format.SearchedLocation);
            }
        }

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures);
    }
}
