using System.Security.Cryptography;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Infrastructure.Security;

public sealed record NewUser(string Email, string Password, string DisplayName, string Role,
    string TimeZoneId = "UTC", int DailyCapacity = AppUser.DefaultDailyCapacity);

public sealed record AccountResult(bool Succeeded, IReadOnlyList<string> Errors)
{
    public string ErrorText => string.Join(" ", Errors);
    public static AccountResult Ok { get; } = new(true, []);
    public static AccountResult Fail(params string[] errors) => new(false, errors);
}

/// <summary>Creating users and changing their role and state: the setup page, the admin pages and the command line share it.</summary>
public sealed class UserAccounts(UserManager<AppUser> users, CrmDbContext db, Audit audit)
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

    public static string NewToken() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
}
