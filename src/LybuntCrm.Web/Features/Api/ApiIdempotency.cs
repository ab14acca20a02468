using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Api;

/// <summary>
/// <c>Idempotency-Key</c> on creates: the key is written first, in the same transaction as the record it creates, so
/// a second request with the key (even one sent at the same moment) waits on the unique index and then gets the
/// first answer again. The same key with a different body is refused with 422.
/// </summary>
public sealed class ApiIdempotency(CrmDbContext db, IClock clock)
{
    public const string Header = "Idempotency-Key";

    /// <summary>What a create answers, kept so that a repeat can answer the same; a refusal is answered and not kept.</summary>
    public sealed record Answer(int StatusCode, object Body, string? Location, IResult? Refusal = null)
    {
        public static Answer Refused(IResult refusal) => new(0, "", null, refusal);
    }

    public async Task<IResult> RunAsync(HttpContext http, object request, Func<Task<Answer>> create, CancellationToken ct)
    {
        var key = http.Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(key)) return ToResult(http, await db.InTransactionAsync(create, ct));
        if (key.Length > IdempotentRequest.KeyMaxLength)
            return ApiProblems.Validation(new() { [Header] = [$"Keep the key under {IdempotentRequest.KeyMaxLength} characters."] });

        var tokenId = int.Parse(http.User.FindFirst(ApiTokenAuthentication.TokenIdClaim)!.Value, CultureInfo.InvariantCulture);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            http.Request.Method + " " + http.Request.Path + "\n" + JsonSerializer.Serialize(request, request.GetType(), JsonSerializerOptions.Web))));
        var now = clock.UtcNow;
        await db.IdempotentRequests.Where(r => r.ApiTokenId == tokenId && r.Key == key && r.CreatedAtUtc < now - IdempotentRequest.KeptFor)
            .ExecuteDeleteAsync(ct);

        for (var attempt = 0; ; attempt++)
        {
            var earlier = await db.IdempotentRequests.AsNoTracking().FirstOrDefaultAsync(r => r.ApiTokenId == tokenId && r.Key == key, ct);
            if (earlier is not null)
            {
                if (earlier.RequestHash != hash)
                    return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency key reused",
                        detail: "This Idempotency-Key was already used with a different request.");
                if (earlier.Location is { } location) http.Response.Headers.Location = location;
                http.Response.Headers.ETag = ApiETag.OfJson(earlier.ResponseBody);
                return Results.Text(earlier.ResponseBody, "application/json", Encoding.UTF8, earlier.StatusCode);
            }
            try
            {
                return await db.InTransactionAsync(async () =>
                {
                    var record = new IdempotentRequest { ApiTokenId = tokenId, Key = key, RequestHash = hash, CreatedAtUtc = now };
                    db.IdempotentRequests.Add(record);
                    await db.SaveChangesAsync(ct);
                    var answer = await create();
                    if (answer.Refusal is not null)
                    {
                        // Nothing was created: the key stays free for the corrected request.
                        db.IdempotentRequests.Remove(record);
                        await db.SaveChangesAsync(ct);
                        return answer.Refusal;
                    }
                    record.StatusCode = answer.StatusCode;
                    record.ResponseBody = JsonSerializer.Serialize(answer.Body, answer.Body.GetType(), JsonSerializerOptions.Web);
                    record.Location = answer.Location;
                    await db.SaveChangesAsync(ct);
                    return ToResult(http, answer);
                }, ct);
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // Another request with this key won the race: forget what this one tried and answer what it stored.
                db.ChangeTracker.Clear();
            }
        }
    }

    private static IResult ToResult(HttpContext http, Answer answer)
    {
        if (answer.Refusal is { } refusal) return refusal;
        // The tag of what was created, the same on a repeat: an update can follow with If-Match at once.
        http.Response.Headers.ETag = ApiETag.Of(answer.Body);
        return answer.StatusCode switch
        {
            StatusCodes.Status201Created => TypedResults.Created(answer.Location, answer.Body),
            _ => TypedResults.Json(answer.Body, statusCode: answer.StatusCode),
        };
    }
}
