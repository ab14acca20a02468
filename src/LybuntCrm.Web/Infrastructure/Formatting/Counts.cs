using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Infrastructure.Formatting;

/// <summary>
/// A number with its noun, singular or plural as English needs ("1 client", "12 clients"), for sentences that take the
/// counted thing as a whole ("Moved {0} from {1} to {2}."). Each form is its own key, so every language writes its own.
/// </summary>
public static class Counts
{
    public static string Clients(IStringLocalizer t, DisplayFormat f, int n) =>
        n == 1 ? t["{0} client", f.Number(n)] : t["{0} clients", f.Number(n)];

    public static string Purchases(IStringLocalizer t, DisplayFormat f, int n) =>
        n == 1 ? t["{0} purchase", f.Number(n)] : t["{0} purchases", f.Number(n)];
}
