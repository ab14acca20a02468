using LybuntCrm.Web;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LybuntCrm.UnitTests.Infrastructure.Formatting;

/// <summary>The app's shared strings as the app reads them (the compiled resources), in the current UI culture.</summary>
internal static class SharedLocalizer
{
    public static IStringLocalizer Create() =>
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance)
            .Create(typeof(SharedResource));
}
