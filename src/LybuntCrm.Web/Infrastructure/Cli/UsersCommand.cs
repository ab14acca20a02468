using System.CommandLine;
using System.Text.Json;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using static LybuntCrm.Web.Infrastructure.Cli.VerbText;

namespace LybuntCrm.Web.Infrastructure.Cli;

/// <summary>
/// <c>users add</c>, <c>users list</c> and <c>users reset-2fa</c>: the people who sign in, through the same
/// <see cref="UserAccounts"/> and <see cref="TwoFactorAccounts"/> as the admin pages.
/// </summary>
public sealed class UsersCommand(UserAccounts accounts, TwoFactorAccounts twoFactor, UserManager<AppUser> users, CrmDbContext db, CommandConsole console)
{
    public static VerbCommand Define()
    {
        var email = new Option<string>("--email") { Required = true, HelpName = "EMAIL", Description = T("The address the user signs in with.") };
        var password = new Option<string>("--password") { Required = true, HelpName = "PASSWORD", Description = T("The user's first password.") };
        var role = new Option<string>("--role") { Required = true, HelpName = "Admin|AccountManager", Description = T("Admin manages users and settings; AccountManager works with their clients.") };
        role.AcceptOnlyFromAmong(Roles.All);
        var name = new Option<string>("--name") { HelpName = "NAME", Description = T("The name others see (the email address if not given).") };
        var timezone = new Option<string>("--timezone") { HelpName = "ZONE", Description = T("The user's time zone, e.g. Europe/London (UTC if not given).") };
        var capacity = new Option<int>("--capacity") { HelpName = "N", Description = T("How many follow-ups a day the user can handle."), DefaultValueFactory = _ => AppUser.DefaultDailyCapacity };
        var add = new VerbCommand("add", T("Creates a user who can sign in."),
            "users add --email ann@example.com --password 'long secret' --role Admin --name \"Ann Lee\"")
        {
            email, password, role, name, timezone, capacity,
        }.Runs<UsersCommand>((verb, p, ct) => verb.AddAsync(new NewUser(p.GetRequiredValue(email), p.GetRequiredValue(password),
            p.GetValue(name) ?? p.GetRequiredValue(email), p.GetRequiredValue(role), p.GetValue(timezone) ?? "UTC", p.GetValue(capacity)), ct));

        var json = VerbCommand.JsonFlag();
        var list = new VerbCommand("list", T("Lists the users with their role and whether they may sign in."), "users list", "users list --json") { json }
            .Runs<UsersCommand>((verb, p, ct) => verb.ListAsync(p.GetValue(json), ct));

        var resetEmail = new Option<string>("--email") { Required = true, HelpName = "EMAIL", Description = T("The address the user signs in with.") };
        var resetTwoFactor = new VerbCommand("reset-2fa",
            T("Turns off a user's two-factor sign-in (a lost phone): their sessions end, and they set it up again if it is required."),
            "users reset-2fa --email ann@example.com") { resetEmail }
            .Runs<UsersCommand>((verb, p, ct) => verb.ResetTwoFactorAsync(p.GetRequiredValue(resetEmail), ct));

        return new VerbCommand("users", T("Adds or lists the people who sign in, or resets their two-factor sign-in.")) { add, list, resetTwoFactor };
    }

    public async Task<int> AddAsync(NewUser user, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var result = await accounts.CreateAsync(user);
        if (!result.Succeeded)
        {
            await console.Error.WriteLineAsync("User not created: " + result.ErrorText);
            return CommandLine.Failed;
        }
        await console.Out.WriteLineAsync($"User {user.Email} created.");
        return CommandLine.Success;
    }

    public async Task<int> ResetTwoFactorAsync(string email, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            await console.Error.WriteLineAsync($"No user with the email {email}.");
            return CommandLine.Failed;
        }
        var wasOn = user.TwoFactorEnabled;
        await twoFactor.ResetAsync(user, "command line");
        await console.Out.WriteLineAsync(wasOn
            ? $"Two-factor sign-in reset for {user.Email}: the old app and recovery codes no longer work, and their sessions end within a minute."
            : $"{user.Email} had no two-factor sign-in; their sessions end within a minute.");
        return CommandLine.Success;
    }

    public async Task<int> ListAsync(bool json, CancellationToken ct)
    {
        var users = await db.Users.AsNoTracking().OrderBy(u => u.Email)
            .Select(u => new UserLine(u.Email ?? "", u.DisplayName,
                db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).FirstOrDefault() ?? "",
                u.IsActive, u.TimeZoneId, u.DailyCapacity))
            .ToListAsync(ct);
        if (json)
        {
            await console.Out.WriteLineAsync(JsonSerializer.Serialize(users, JsonSerializerOptions.Web));
            return CommandLine.Success;
        }
        foreach (var u in users)
            await console.Out.WriteLineAsync($"{u.Email}\t{u.Name}\t{u.Role}\t{(u.Active ? "active" : "inactive")}\t{u.TimeZone}\tcapacity {u.Capacity}");
        if (users.Count == 0) await console.Out.WriteLineAsync("No users.");
        return CommandLine.Success;
    }

    private sealed record UserLine(string Email, string Name, string Role, bool Active, string TimeZone, int Capacity);
}
