using QRCoder;

namespace LybuntCrm.Web.Infrastructure.Security;

/// <summary>What the set-up page shows an authenticator app: the otpauth link as a QR code, and the key in groups of four.</summary>
public static class AuthenticatorQr
{
    public const string Issuer = "LybuntCrm";

    /// <summary>The Key URI format the apps read (issuer, account, secret; SHA-1, 6 digits, 30 seconds are their defaults).</summary>
    public static string OtpAuthUri(string account, string key) =>
        $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(account)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits={Totp.Digits}";

    /// <summary>The QR code as an SVG data URI for an img element: made here, no outside service ever sees the key.</summary>
    public static string SvgDataUri(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(6);
        return "data:image/svg+xml;base64," + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(svg));
    }

    /// <summary>"JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP", easier to type into an app by hand.</summary>
    public static string Grouped(string key) =>
        string.Join(' ', key.ToUpperInvariant().Chunk(4).Select(chunk => new string(chunk)));
}
