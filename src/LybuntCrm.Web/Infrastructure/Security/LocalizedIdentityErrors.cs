using System.Globalization;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Infrastructure.Security;

/// <summary>
/// Identity's password and account messages in the reader's language (the request's UI culture). Accounts are named by
/// their email, so user-name messages speak of the email address.
/// </summary>
public sealed class LocalizedIdentityErrors(IStringLocalizer<SharedResource> t) : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => Error(nameof(DefaultError), t["Something went wrong. Try again."]);
    public override IdentityError ConcurrencyFailure() =>
        Error(nameof(ConcurrencyFailure), t["Someone else changed this account at the same time. Reload the page and try again."]);
    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch), t["The password is not correct."]);
    public override IdentityError InvalidToken() => Error(nameof(InvalidToken), t["This link or code is not valid any more."]);
    public override IdentityError RecoveryCodeRedemptionFailed() =>
        Error(nameof(RecoveryCodeRedemptionFailed), t["This recovery code is not valid."]);
    public override IdentityError LoginAlreadyAssociated() =>
        Error(nameof(LoginAlreadyAssociated), t["This sign-in is already linked to another account."]);
    public override IdentityError InvalidUserName(string? userName) =>
        Error(nameof(InvalidUserName), t["“{0}” cannot be used as a user name.", userName ?? ""]);
    public override IdentityError InvalidEmail(string? email) => Error(nameof(InvalidEmail), t["“{0}” is not a valid email address.", email ?? ""]);
    public override IdentityError DuplicateUserName(string userName) =>
        Error(nameof(DuplicateUserName), t["An account with the email {0} already exists.", userName]);
    public override IdentityError DuplicateEmail(string email) => Error(nameof(DuplicateEmail), t["An account with the email {0} already exists.", email]);
    public override IdentityError InvalidRoleName(string? role) => Error(nameof(InvalidRoleName), t["“{0}” is not a valid role.", role ?? ""]);
    public override IdentityError DuplicateRoleName(string role) => Error(nameof(DuplicateRoleName), t["The role “{0}” already exists.", role]);
    public override IdentityError UserAlreadyHasPassword() => Error(nameof(UserAlreadyHasPassword), t["This account already has a password."]);
    public override IdentityError UserLockoutNotEnabled() =>
        Error(nameof(UserLockoutNotEnabled), t["This account cannot be locked after failed sign-ins."]);
    public override IdentityError UserAlreadyInRole(string role) => Error(nameof(UserAlreadyInRole), t["The user already has the role “{0}”.", role]);
    public override IdentityError UserNotInRole(string role) => Error(nameof(UserNotInRole), t["The user does not have the role “{0}”.", role]);
    public override IdentityError PasswordTooShort(int length) =>
        Error(nameof(PasswordTooShort), t["The password needs at least {0} characters.", Number(length)]);
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        Error(nameof(PasswordRequiresUniqueChars), t["The password needs at least {0} different characters.", Number(uniqueChars)]);
    public override IdentityError PasswordRequiresNonAlphanumeric() =>
        Error(nameof(PasswordRequiresNonAlphanumeric), t["The password needs at least one character that is not a letter or a digit."]);
    public override IdentityError PasswordRequiresDigit() => Error(nameof(PasswordRequiresDigit), t["The password needs at least one digit (0–9)."]);
    public override IdentityError PasswordRequiresLower() => Error(nameof(PasswordRequiresLower), t["The password needs at least one lowercase letter (a–z)."]);
    public override IdentityError PasswordRequiresUpper() => Error(nameof(PasswordRequiresUpper), t["The password needs at least one uppercase letter (A–Z)."]);

    // Formats for the culture of the moment: the describer is created early in a request (the sign-in cookie check), before
    // the request's culture is known, so it must not hold a DisplayFormat of its own.
    private static string Number(int n) => DisplayFormat.For(CultureInfo.CurrentCulture.Name).Number(n);

    private static IdentityError Error(string code, string description) => new() { Code = code, Description = description };
}
