namespace LybuntCrm.Web.Domain;

/// <summary>Whom the admin setting obliges to sign in with a code from an authenticator app as well as a password.</summary>
public enum TwoFactorRequirement
{
    Nobody,
    Admins,
    Everyone,
}
