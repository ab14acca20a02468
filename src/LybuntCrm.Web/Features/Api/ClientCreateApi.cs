using System.Globalization;
using System.Security.Claims;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Clients;
using LybuntCrm.Web.Infrastructure.Formatting;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Api;

/// <summary>
/// <c>POST /api/v1/clients</c>: the create form's rules, messages and save (<see cref="ClientForm"/>), so the client's
/// check-in is planned at once. A manager's client is their own; an admin may name the owner.
/// </summary>
public static class ClientCreateApi
{
    /// <summary>The new client; a field left out takes the create form's default. Amounts are decimal strings.</summary>
    public sealed record ClientCreate(string? Name, string? Status, string? Stage, string? OwnerId, int? CadenceDays, string? PreferredChannel,
        bool? DoNotContact, string? DoNotContactReason, string? ExternalId, string? EmailDomain, int? ReferredById, string? ExpectedValue,
        string? AcquisitionCost, string? PostalAddress, string? Notes);

    public static RouteGroupBuilder MapClientCreateApi(this RouteGroupBuilder api)
    {
        api.MapPost("/clients", CreateAsync).WithName("CreateClient").RequireAuthorization(ApiSetup.WritePolicy)
            .Produces<ClientsApi.ClientDetail>(StatusCodes.Status201Created);
        return api;
    }

    private static async Task<IResult> CreateAsync(ClientCreate body, ClaimsPrincipal user, HttpContext http, ClientForm form,
        IStringLocalizer<SharedResource> t, HouseCurrency house, ApiIdempotency idempotency, Data.CrmDbContext db, CancellationToken ct)
    {
        var errors = new ApiFieldErrors(t);
        var input = new EditModel.ClientInput
        {
            Name = body.Name ?? "",
            Status = ApiEnums.Parse(body.Status, ClientStatus.Client, nameof(body.Status), t["Choose a status."], errors),
            Stage = ApiEnums.Parse(body.Stage, LifecycleStage.Purchased, nameof(body.Stage), t["Choose a lifecycle stage."], errors),
            OwnerId = body.OwnerId,
            CadenceDays = body.CadenceDays ?? Client.DefaultCadenceDays,
            PreferredChannel = ApiEnums.Parse(body.PreferredChannel, Channel.Email, nameof(body.PreferredChannel), t["Choose a channel."], errors),
            DoNotContact = body.DoNotContact ?? false,
            DoNotContactReason = body.DoNotContactReason,
            ExternalId = body.ExternalId,
            EmailDomain = body.EmailDomain,
            ReferredById = body.ReferredById,
            ExpectedValue = Amount(body.ExpectedValue, nameof(body.ExpectedValue), t, errors),
            AcquisitionCost = Amount(body.AcquisitionCost, nameof(body.AcquisitionCost), t, errors),
            PostalAddress = body.PostalAddress,
            Notes = body.Notes,
        };
        errors.CheckAttributes(input);
        var check = await form.CheckAsync(input, null, user, errors.Add, ct);
        if (errors.Any) return errors.ToProblem();

        return await idempotency.RunAsync(http, body, async () =>
        {
            var client = await form.SaveAsync(null, input, check, user.Id(), "api", ct);
            if (client is null)
            {
                var taken = new ApiFieldErrors(t);
                taken.Add(nameof(input.ExternalId), form.ExternalIdTaken(input.ExternalId!));
                return ApiIdempotency.Answer.Refused(taken.ToProblem());
            }
            var created = (await ClientsApi.LoadAsync(db, user, client.Id, house, ct))!;
            return new ApiIdempotency.Answer(StatusCodes.Status201Created, created, $"{ApiSetup.Prefix}/clients/{client.Id}");
        }, ct);
    }

    /// <summary>An amount as a decimal string; unreadable text is reported as the form reports a wrong amount.</summary>
    private static decimal? Amount(string? text, string field, IStringLocalizer<SharedResource> t, ApiFieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount)) return amount;
        errors.Add(field, t["Enter an amount of zero or more."]);
        return null;
    }
}
