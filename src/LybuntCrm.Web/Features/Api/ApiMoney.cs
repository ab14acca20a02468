using System.Globalization;

namespace LybuntCrm.Web.Features.Api;

/// <summary>
/// Money in the API: a decimal string (never a float that loses cents) with its ISO 4217 currency. A total over
/// purchases is in the firm's currency, null when the firm has not set one.
/// </summary>
public sealed record ApiMoney(string Amount, string? Currency)
{
    public static ApiMoney Of(decimal amount, string? currency) => new(amount.ToString("0.00", CultureInfo.InvariantCulture), currency);
}
