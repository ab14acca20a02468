using System.Globalization;
using System.Threading.RateLimiting;

namespace LybuntCrm.Web.Features.Api;

/// <summary>
/// Requests per token and minute (setting <c>Api:RequestsPerMinute</c>, 600 by default). One token's script running away
/// slows only that token: the rest get 429 with <c>Retry-After</c> until the minute turns.
/// </summary>
public sealed class ApiRateLimit(IConfiguration configuration) : IEndpointFilter, IDisposable
{
    public const int DefaultRequestsPerMinute = 600;

    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(token =>
        RateLimitPartition.GetFixedWindowLimiter(token, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, configuration.GetValue("Api:RequestsPerMinute", DefaultRequestsPerMinute)),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var tokenId = context.HttpContext.User.FindFirst(ApiTokenAuthentication.TokenIdClaim)?.Value;
        if (tokenId is null) return await next(context);
        using var lease = limiter.AttemptAcquire(tokenId);
        if (lease.IsAcquired) return await next(context);

        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
            detail: $"This token made too many requests this minute; try again in {seconds} seconds.");
    }

    public void Dispose() => limiter.Dispose();
}
