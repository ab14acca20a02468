using System.Security.Claims;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;

namespace LybuntCrm.Web.Infrastructure;

/// <summary>Records who did what. Details name records and fields, never personal data bodies.</summary>
public sealed class Audit(CrmDbContext db, IClock clock, IHttpContextAccessor http)
{
    /// <summary>Adds an audit event to the current unit of work; it is saved with the change it describes.</summary>
    public void Record(string action, string? entityType = null, object? entityId = null, string? detail = null, ClaimsPrincipal? user = null)
    {
        user ??= http.HttpContext?.User;
        db.AuditEvents.Add(new AuditEvent
        {
            AtUtc = clock.UtcNow,
            UserId = user?.FindFirstValue(ClaimTypes.NameIdentifier),
            UserEmail = user?.FindFirstValue(ClaimTypes.Email) ?? user?.Identity?.Name,
            Action = action,
            EntityType = entityType,
            EntityId = entityId?.ToString(),
            Detail = detail is { Length: > 1000 } ? detail[..1000] : detail,
        });
    }

    public async Task RecordNowAsync(string action, string? entityType = null, object? entityId = null, string? detail = null, ClaimsPrincipal? user = null)
    {
        Record(action, entityType, entityId, detail, user);
        await db.SaveChangesAsync();
    }
}
