using System.CommandLine;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Api;
using Microsoft.EntityFrameworkCore;
using static LybuntCrm.Web.Infrastructure.Cli.VerbText;

namespace LybuntCrm.Web.Infrastructure.Cli;

/// <summary><c>tokens create</c>: a personal access token for the REST API, made as the tokens page makes it.</summary>
public sealed class TokensCommand(ApiTokens tokens, CrmDbContext db, CommandConsole console)
{
    public static VerbCommand Define()
    {
        var user = new Option<string>("--user") { Required = true, HelpName = "EMAIL", Description = T("The address of the user the token acts for.") };
        var name = new Option<string>("--name") { Required = true, HelpName = "NAME", Description = T("A name that says where the token is used.") };
        var scope = new Option<string>("--scope") { Required = true, HelpName = "read|write", Description = T("read only reads; write also records and changes.") };
        scope.AcceptOnlyFromAmong("read", "write");
        var expires = new Option<int?>("--expires") { HelpName = "DAYS", Description = T("Days until the token stops working (never, if not given).") };
        var create = new VerbCommand("create", T("Makes a personal access token for the API and prints it once."),
            "tokens create --user ann@example.com --name \"Shop orders\" --scope write --expires 365")
        {
            user, name, scope, expires,
        }.Runs<TokensCommand>((verb, p, ct) => verb.CreateAsync(p.GetRequiredValue(user), p.GetRequiredValue(name),
            p.GetRequiredValue(scope), p.GetValue(expires), ct));
        return new VerbCommand("tokens", T("Makes personal access tokens for the REST API.")) { create };
    }

    public async Task<int> CreateAsync(string email, string name, string scope, int? expiresInDays, CancellationToken ct)
    {
        var normalized = email.Trim().ToUpperInvariant();
        var owner = await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == normalized)
            .Select(u => new { u.Id, u.IsActive }).FirstOrDefaultAsync(ct);
        if (owner is null)
        {
            await console.Error.WriteLineAsync($"No user with the email {email}.");
            return CommandLine.Failed;
        }
        if (!owner.IsActive)
        {
            await console.Error.WriteLineAsync($"{email} is deactivated; a token would not work.");
            return CommandLine.Failed;
        }
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > ApiToken.NameMaxLength)
        {
            await console.Error.WriteLineAsync($"Give the token a name of at most {ApiToken.NameMaxLength} characters.");
            return CommandLine.Failed;
        }
        if (expiresInDays is < 1 or > ApiTokens.MaxExpiryDays)
        {
            await console.Error.WriteLineAsync($"--expires takes 1 to {ApiTokens.MaxExpiryDays} days.");
            return CommandLine.Failed;
        }
        var created = await tokens.CreateAsync(owner.Id, name, scope == "write" ? ApiTokenScope.Write : ApiTokenScope.Read, expiresInDays, ct: ct);
        // The token goes to standard output alone, so a script can capture it; the note goes to standard error.
        await console.Out.WriteLineAsync(created.Token);
        await console.Error.WriteLineAsync("Copy the token now: it is not shown again.");
        return CommandLine.Success;
    }
}
