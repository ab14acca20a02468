using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace LybuntCrm.Web.Features.Api;

/// <summary>A strong validator of a representation: a hash of its JSON, so any change to what a reader sees gives a new tag.</summary>
public static class ApiETag
{
    public static string Of(object representation) => OfJson(JsonSerializer.Serialize(representation, representation.GetType(), JsonSerializerOptions.Web));

    public static string OfJson(string json) => "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..32] + "\"";

    /// <summary>
    /// Null when the request may go ahead; else the problem: 428 without <c>If-Match</c>, 412 when the tag is not the
    /// current one (someone changed the record since it was read).
    /// </summary>
    public static IResult? Refuse(HttpRequest request, string currentTag, string what)
    {
        var ifMatch = request.Headers.IfMatch.ToString();
        if (string.IsNullOrEmpty(ifMatch))
            return TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match required",
                detail: $"Send the ETag of the {what} you read as If-Match, so a change made since is not overwritten.");
        if (ifMatch != "*" && ifMatch != currentTag)
            return TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: $"The {what} changed",
                detail: $"The {what} was changed since you read it; read it again and repeat the update.");
        return null;
    }
}
