namespace LybuntCrm.Web.Infrastructure.Email;

public enum SmtpSecurity { StartTls, SslOnConnect, None }

/// <summary>
/// Configuration section <c>Smtp</c>. With no <see cref="Host"/> messages are written as .eml files instead.
/// The password is only handed to the SMTP client; nothing logs this object.
/// </summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string? Host { get; set; }
    public int? Port { get; set; }
    public string? Security { get; set; }
    public string? User { get; set; }
    public string? Password { get; set; }
    public string? From { get; set; }

    public bool HasHost => !string.IsNullOrWhiteSpace(Host);

    public SmtpSecurity ParsedSecurity =>
        string.IsNullOrWhiteSpace(Security) ? SmtpSecurity.StartTls
        : Enum.TryParse<SmtpSecurity>(Security.Trim(), ignoreCase: true, out var value) && Enum.IsDefined(value) ? value
        : throw new InvalidOperationException($"Smtp:Security must be StartTls, SslOnConnect or None, not '{Security}'.");

    public int EffectivePort => Port ?? ParsedSecurity switch
    {
        SmtpSecurity.SslOnConnect => 465,
        SmtpSecurity.None => 25,
        _ => 587,
    };

    public override string ToString() => $"{Host}:{EffectivePort} ({ParsedSecurity})";
}
