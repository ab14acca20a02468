using System.Security.Cryptography;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Infrastructure.Security;

public sealed record NewUser(string Email, string Password, string DisplayName, string Role,
    string TimeZoneId = "UTC", int DailyCapacity = AppUser.DefaultDailyCapacity)
{
    public bool DigestEnabled { get; init; } = true;
    public WorkWeek WorkingDays { get; init; } = WorkWeek.MondayToFriday;
}

public sealed record UserChanges(string DisplayName, string Role, string TimeZoneId, int DailyCapacity, bool DigestEnabled, bool IsActive, string? NewPassword,
    WorkWeek? WorkingDays = null);

public sealed record AccountResult(bool Succeeded, IReadOnlyList<string> Errors)
{
    public string ErrorText => string.Join(" ", Errors);
    public static AccountResult Ok { get; } = new(true, []);
    public static AccountResult Fail(params string[] errors) => new(false, errors);
}

/// <summary>Creating users and changing their role and state: the setup page, the admin pages and the command line share it.</summary>
public sealed class UserAccounts(UserManager<AppUser> users, CrmDbContext db, Audit audit, Changes.ClientChanges clientChanges, UserSessions sessions)
{
    public async Task<AccountResult> CreateAsync(NewUser input)
    {
        var email = input.Email.Trim();
        if (!Roles.All.Contains(input.Role)) return AccountResult.Fail($"Role must be {string.Join(" or ", Roles.All)}.");
        if (!TimeZones.IsKnown(input.TimeZoneId)) return AccountResult.Fail($"'{input.TimeZoneId}' is not a known time zone.");
        if (input.DailyCapacity is < 1 or > 100) return AccountResult.Fail("Daily capacity must be between 1 and 100.");
        if (await users.FindByEmailAsync(email) is not null) return AccountResult.Fail("A user with this email already exists.");

        var user = new AppUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = string.IsNullOrWhiteSpace(input.DisplayName) ? email : input.DisplayName.Trim(),
            TimeZoneId = input.TimeZoneId,
            DailyCapacity = input.DailyCapacity,
            WorkingDays = input.WorkingDays.Mask,
            DigestEnabled = input.DigestEnabled,
            CalendarToken = NewToken(),
        };
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var created = await users.CreateAsync(user, input.Password);
            if (!created.Succeeded) return AccountResult.Fail(created.Errors.Select(e => e.Description).ToArray());
            var role = await users.AddToRoleAsync(user, input.Role);
            if (!role.Succeeded) return AccountResult.Fail(role.Errors.Select(e => e.Description).ToArray());
            await audit.RecordNowAsync("user.created", "User", user.Id, $"role={input.Role}");
            await tx.CommitAsync();
            return AccountResult.Ok;
        });
    }

    public async Task<string?> RoleOfAsync(AppUser user) => (await users.GetRolesAsync(user)).FirstOrDefault();

    /// <summary>
    /// Changes a user's profile, role, state or password in one transaction. Deactivating or changing the password
    /// renews the security stamp, which ends the person's open sessions within a minute.
    /// </summary>
    public async Task<AccountResult> UpdateAsync(AppUser user, UserChanges changes)
    {
        if (!Roles.All.Contains(changes.Role)) return AccountResult.Fail($"Role must be {string.Join(" or ", Roles.All)}.");
        if (!TimeZones.IsKnown(changes.TimeZoneId)) return AccountResult.Fail($"'{changes.TimeZoneId}' is not a known time zone.");
        if (user.IsActive && !changes.IsActive)
        {
            var owned = await db.Clients.CountAsync(c => c.OwnerId == user.Id);
            if (owned > 0)
                return AccountResult.Fail($"{user.DisplayName} still owns {owned} clients. Reassign them before deactivating the account, so no client is left without an owner.");
        }

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var oldRole = await RoleOfAsync(user);
            var endSessions = false;
            user.DisplayName = changes.DisplayName.Trim();
            user.TimeZoneId = changes.TimeZoneId;
            var replan = user.DailyCapacity != changes.DailyCapacity || (changes.WorkingDays is { } days && days.Mask != user.WorkingDays);
            user.DailyCapacity = changes.DailyCapacity;
            if (changes.WorkingDays is { } week) user.WorkingDays = week.Mask;
            user.DigestEnabled = changes.DigestEnabled;
            if (user.IsActive != changes.IsActive)
            {
                user.IsActive = changes.IsActive;
                endSessions = true;
                audit.Record(changes.IsActive ? "user.reactivated" : "user.deactivated", "User", user.Id);
            }
            if (oldRole != changes.Role)
            {
                if (oldRole is not null) await users.RemoveFromRoleAsync(user, oldRole);
                await users.AddToRoleAsync(user, changes.Role);
                endSessions = true;
                audit.Record("user.role_changed", "User", user.Id, $"{oldRole} -> {changes.Role}");
            }
            if (!string.IsNullOrEmpty(changes.NewPassword))
            {
                var validation = await ValidatePasswordAsync(user, changes.NewPassword);
                if (!validation.Succeeded) return validation;
                await users.RemovePasswordAsync(user);
                var added = await users.AddPasswordAsync(user, changes.NewPassword);
                if (!added.Succeeded) return AccountResult.Fail(added.Errors.Select(e => e.Description).ToArray());
                endSessions = true;
                audit.Record("user.password_changed", "User", user.Id);
            }
            if (endSessions)
            {
                await users.UpdateSecurityStampAsync(user);
                await sessions.MarkAllEndedAsync(user.Id, SessionEndReason.AccountChanged);
            }
            var updated = await users.UpdateAsync(user);
            if (!updated.Succeeded) return AccountResult.Fail(updated.Errors.Select(e => e.Description).ToArray());
            await db.SaveChangesAsync();
            // A new capacity or working week takes effect on the person's list at once.
            if (replan) await clientChanges.ManagerScheduleChangedAsync(user.Id);
            await tx.CommitAsync();
            return AccountResult.Ok;
        });
    }

    private async Task<AccountResult> ValidatePasswordAsync(AppUser user, string password)
    {
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            if (!result.Succeeded) return AccountResult.Fail(result.Errors.Select(e => e.Description).ToArray());
        }
        return AccountResult.Ok;
    }

    public static string NewToken() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
}
