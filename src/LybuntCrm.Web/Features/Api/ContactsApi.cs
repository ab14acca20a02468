using System.Security.Claims;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Clients;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Api;

/// <summary>
/// The people at a client: <c>GET</c> and <c>POST /api/v1/clients/{id}/contacts</c>, <c>PATCH /api/v1/contacts/{id}</c>,
/// with the contact form's rules and messages (<see cref="ContactForm"/>). Another manager's contacts answer 404.
/// </summary>
public static class ContactsApi
{
    /// <summary>A contact to add, or the fields of an update (a field left out keeps its value; an empty string clears it).</summary>
    public sealed record ContactInput(string? Name, string? Email, string? Phone, string? ZaloPhone, string? TelegramUsername, string? WhatsAppPhone,
        string? Role, int? BirthdayDay, int? BirthdayMonth, int? BirthdayYear, string? PreferredChannel, string? Language, string? FormOfAddress,
        bool? IsPrimary, bool? ExcludedFromSync);

    public sealed record ContactView(int Id, int ClientId, string Name, string? Email, string? Phone, string? ZaloPhone, string? TelegramUsername,
        string? WhatsAppPhone, string? Role, int? BirthdayDay, int? BirthdayMonth, int? BirthdayYear, string? PreferredChannel, string? Language,
        string? FormOfAddress, bool IsPrimary, bool ExcludedFromSync);

    public static RouteGroupBuilder MapContactsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/clients/{clientId:int}/contacts", ListAsync).WithName("ListContacts");
        api.MapPost("/clients/{clientId:int}/contacts", CreateAsync).WithName("CreateContact").RequireAuthorization(ApiSetup.WritePolicy)
            .Produces<ContactView>(StatusCodes.Status201Created);
        api.MapPatch("/contacts/{id:int}", UpdateAsync).WithName("UpdateContact").RequireAuthorization(ApiSetup.WritePolicy);
        return api;
    }

    private static async Task<IResult> ListAsync(int clientId, CrmDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!await db.SeesClientAsync(user, clientId, ct)) return ApiProblems.ClientNotFound();
        var contacts = await db.Contacts.AsNoTracking().Where(c => c.ClientId == clientId)
            .OrderByDescending(c => c.IsPrimary).ThenBy(c => c.Name).ThenBy(c => c.Id).ToListAsync(ct);
        return TypedResults.Ok(contacts.Select(View).ToList());
    }

    private static async Task<IResult> CreateAsync(int clientId, ContactInput body, CrmDbContext db, ClaimsPrincipal user, HttpContext http,
        ContactForm form, IStringLocalizer<SharedResource> t, ApiIdempotency idempotency, CancellationToken ct)
    {
        if (!await db.SeesClientAsync(user, clientId, ct)) return ApiProblems.ClientNotFound();
        // As on the form: the first contact of a client is its primary one unless told otherwise.
        var first = !await db.Contacts.AnyAsync(c => c.ClientId == clientId, ct);
        var input = new ContactModel.ContactInput { IsPrimary = first };
        var errors = new ApiFieldErrors(t);
        Apply(body, input, t, errors);
        errors.CheckAttributes(input);
        var check = form.Check(input, null, errors.Add);
        if (errors.Any) return errors.ToProblem();

        return await idempotency.RunAsync(http, new { clientId, body }, async () =>
        {
            var contact = await form.SaveAsync(clientId, null, input, check, "api", ct);
            return new ApiIdempotency.Answer(StatusCodes.Status201Created, View(contact), $"{ApiSetup.Prefix}/clients/{clientId}/contacts");
        }, ct);
    }

    private static async Task<IResult> UpdateAsync(int id, ContactInput body, CrmDbContext db, ClaimsPrincipal user, ContactForm form,
        IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var contact = await db.Contacts.Where(c => c.Id == id && db.Clients.Visible(user).Any(v => v.Id == c.ClientId)).FirstOrDefaultAsync(ct);
        if (contact is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "No contact with this id.");
        var input = form.InputOf(contact);
        var errors = new ApiFieldErrors(t);
        Apply(body, input, t, errors);
        errors.CheckAttributes(input);
        var check = form.Check(input, contact, errors.Add);
        if (errors.Any) return errors.ToProblem();
        await form.SaveAsync(contact.ClientId, contact, input, check, "api", ct);
        return TypedResults.Ok(View(contact));
    }

    /// <summary>The fields the request names, over the form's current values.</summary>
    private static void Apply(ContactInput body, ContactModel.ContactInput input, IStringLocalizer<SharedResource> t, ApiFieldErrors errors)
    {
        if (body.Name is not null) input.Name = body.Name;
        if (body.Email is not null) input.Email = Text(body.Email);
        if (body.Phone is not null) input.Phone = Text(body.Phone);
        if (body.ZaloPhone is not null) input.ZaloPhone = Text(body.ZaloPhone);
        if (body.TelegramUsername is not null) input.TelegramUsername = Text(body.TelegramUsername);
        if (body.WhatsAppPhone is not null) input.WhatsAppPhone = Text(body.WhatsAppPhone);
        if (body.Role is not null) input.Role = Text(body.Role);
        if (body.BirthdayDay is not null || body.BirthdayMonth is not null || body.BirthdayYear is not null)
            (input.BirthdayDay, input.BirthdayMonth, input.BirthdayYear) = (body.BirthdayDay, body.BirthdayMonth, body.BirthdayYear);
        if (body.PreferredChannel is { Length: 0 }) input.PreferredChannel = null;
        else if (body.PreferredChannel is not null)
            input.PreferredChannel = ApiEnums.Parse(body.PreferredChannel, Channel.Email, nameof(body.PreferredChannel), t["Choose a channel."], errors);
        if (body.Language is not null) input.Language = Text(body.Language);
        if (body.FormOfAddress is not null) input.FormOfAddress = Text(body.FormOfAddress);
        if (body.IsPrimary is { } primary) input.IsPrimary = primary;
        if (body.ExcludedFromSync is { } excluded) input.ExcludedFromSync = excluded;
    }

    /// <summary>An empty string clears a field, as an emptied box does on the form.</summary>
    private static string? Text(string value) => value.Length == 0 ? null : value;

    private static ContactView View(Contact c) => new(c.Id, c.ClientId, c.Name, c.Email, c.Phone, c.ZaloPhone, c.TelegramUsername, c.WhatsAppPhone,
        c.Role, c.BirthdayDay, c.BirthdayMonth, c.BirthdayYear, c.PreferredChannel?.ToString(), c.Language, c.FormOfAddress, c.IsPrimary,
        c.ExcludedFromSync);
}
