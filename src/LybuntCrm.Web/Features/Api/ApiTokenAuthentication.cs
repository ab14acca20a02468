using System.Security.Claims;
using System.Text.Encodings.Web;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LybuntCrm.Web.Features.Api;

/// <summary>
/// <c>Authorization: Bearer lyb_…</c> for <c>/api/v1</c>: finds the token by its hash and signs the request in as its
/// user, with that user's role. A revoked or expired token, or one whose user is deactivated, is refused (401).
/// The sign-in cookie is never read here, so a page session cannot be used cross-site against the API.
/// </summary>
public sealed class ApiTokenAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    CrmDbContext db, IClock clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";
    public const string TokenIdClaim = "api_token_id";
    public const string ScopeClaim = "api_scope";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var token = header["Bearer ".Length..].Trim();
        if (!token.StartsWith(ApiToken.Prefix, StringComparison.Ordinal)) return AuthenticateResult.Fail("Not a LybuntCrm token.");

        var hash = ApiTokens.Hash(token);
        var now = clock.UtcNow;
        var found = await db.ApiTokens.AsNoTracking().Where(t => t.TokenHash == hash)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new
            {
                t.Id,
                t.Scope,
                t.RevokedAtUtc,
                t.ExpiresAtUtc,
                t.LastUsedAtUtc,
                u.IsActive,
                UserId = u.Id,
                u.Email,
                u.DisplayName,
                u.Culture,
                Role = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(Context.RequestAborted);
        if (found is null) return AuthenticateResult.Fail("Unknown token.");
        if (found.RevokedAtUtc is not null) return AuthenticateResult.Fail("Revoked token.");
        if (found.ExpiresAtUtc <= now) return AuthenticateResult.Fail("Expired token.");
        if (!found.IsActive) return AuthenticateResult.Fail("Deactivated user.");

        // At most one write a minute per token, and never a race on the same row: the condition is in the update.
        var staleBefore = now.AddMinutes(-1);
        if (found.LastUsedAtUtc is null || found.LastUsedAtUtc < staleBefore)
            await db.ApiTokens.Where(t => t.Id == found.Id && (t.LastUsedAtUtc == null || t.LastUsedAtUtc < staleBefore))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAtUtc, now), Context.RequestAborted);

        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, found.UserId),
            new(ClaimTypes.Name, found.DisplayName),
            new(TokenIdClaim, found.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ScopeClaim, found.Scope.ToString()),
            // The profile's language, for field errors (see ApiCulture).
            new(UserCultureProvider.ClaimType, found.Culture),
        ];
        if (found.Email is { } email) claims.Add(new Claim(ClaimTypes.Email, email));
        if (found.Role is { } role) claims.Add(new Claim(ClaimTypes.Role, role));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        await ApiProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Authentication required",
            "Send a valid, unexpired personal access token as 'Authorization: Bearer lyb_…'.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Not allowed",
            "This token may not do this: a read token cannot change anything.");
}
