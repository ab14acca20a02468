namespace LybuntCrm.Web.Domain;

/// <summary>Why a signed-in browser stopped being signed in.</summary>
public enum SessionEndReason
{
    /// <summary>The person pressed "Sign out" in that browser.</summary>
    SignedOut,
    /// <summary>The person signed it out from another browser (one session, or "everywhere else").</summary>
    EndedByUser,
    /// <summary>An admin ended all of the person's sessions.</summary>
    EndedByAdmin,
    /// <summary>The password was reset by email: every session of the account ends.</summary>
    PasswordReset,
    /// <summary>The account was deactivated, its role or password changed, or its security stamp renewed otherwise.</summary>
    AccountChanged,
}
