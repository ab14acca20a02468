using System.ComponentModel.DataAnnotations;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Messages;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Formatting;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Clients;

/// <summary>
/// Writes to a client's contact: the subject and text come prefilled from the template for the follow-up's purpose, in
/// the contact's language; the manager edits them and sends. Sending goes through <see cref="ClientMessages"/>.
/// </summary>
public sealed class WriteModel(CrmDbContext db, ClientMessages messages, IStringLocalizer<SharedResource> t, DisplayFormat f) : PageModel
{
    /// <summary>Where the composer was opened from, so Send and Cancel go back there.</summary>
    public const string FromToday = "today";

    [BindProperty] public WriteInput Input { get; set; } = new();
    public MessageDraft Draft { get; private set; } = null!;

    public sealed class WriteInput
    {
        [Display(Name = "To")] public int? ContactId { get; set; }
        public int? FollowUpId { get; set; }
        [Display(Name = "Purpose")] public TemplateKind Kind { get; set; }
        [Display(Name = "Language")] public string Language { get; set; } = "en";
        [Display(Name = "Subject")] public string? Subject { get; set; }
        [Display(Name = "Message")] public string? Body { get; set; }
        /// <summary>Made when the composer is shown and posted back: the same form sent twice is one message.</summary>
        public string? Token { get; set; }
        public string? Back { get; set; }
    }

    public string BackUrl => Input.Back == FromToday ? "/Today" : $"/Clients/{Draft.ClientId}";

    public bool CanSend => !Draft.DoNotContact && Draft.Recipient is { HasBounced: false };

    public async Task<IActionResult> OnGetAsync(int clientId, int? followUp, int? contact, TemplateKind? kind, string? language, string? back,
        CancellationToken ct)
    {
        if (await this.RefuseChangeAsync(db, clientId, ct) is { } refused) return refused;
        var draft = await messages.DraftAsync(User.Id(), clientId, followUp, contact, kind, language, ct);
        if (draft is null) return NotFound();
        Show(draft, back, ClientMessages.NewToken());
        return Page();
    }

    /// <summary>Another contact, purpose or language: the subject and text are written again from the template (works without script).</summary>
    public async Task<IActionResult> OnPostRenderAsync(int clientId, CancellationToken ct)
    {
        if (await this.RefuseChangeAsync(db, clientId, ct) is { } refused) return refused;
        var draft = await messages.DraftAsync(User.Id(), clientId, Input.FollowUpId, Input.ContactId, Input.Kind, Input.Language, ct);
        if (draft is null) return NotFound();
        ModelState.Clear();
        Show(draft, Input.Back, ClientMessages.IsToken(Input.Token) ? Input.Token! : ClientMessages.NewToken());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int clientId, CancellationToken ct)
    {
        if (await this.RefuseChangeAsync(db, clientId, ct) is { } refused) return refused;
        var subject = TextInput.Clean(Input.Subject)?.Trim() ?? "";
        var body = TextInput.Clean(Input.Body, multiline: true)?.ReplaceLineEndings("\n").Trim() ?? "";
        ModelState.Clear();
        if (subject.Length == 0) ModelState.AddModelError("Input.Subject", t["Enter a subject."]);
        else if (subject.Length > ClientMessages.SubjectMaxLength) ModelState.AddModelError("Input.Subject", t["Keep the subject under 300 characters."]);
        if (body.Length == 0) ModelState.AddModelError("Input.Body", t["Write the message."]);
        else if (body.Length > ClientMessages.BodyMaxLength) ModelState.AddModelError("Input.Body", t["Keep the message under 10,000 characters."]);
        if (!Enum.IsDefined(Input.Kind)) Input.Kind = TemplateKind.CheckIn;
        if (!ClientMessages.IsToken(Input.Token))
        {
            // A form from elsewhere, or one that lost its token: it is not sent, and the next press is.
            Input.Token = ClientMessages.NewToken();
            ModelState.AddModelError("", t["This form could not be read. Check the message and press Send again."]);
        }
        if (!ModelState.IsValid) return await RedisplayAsync(clientId, ct);

        var result = await messages.SendAsync(User.Id(), new OutgoingMessage(clientId, Input.ContactId ?? 0, Input.FollowUpId, Input.Kind,
            Input.Language, subject, body, Input.Token!), ct);
        switch (result.Outcome)
        {
            case SendOutcome.Sent:
                TempData["Flash"] = SentMessage(result);
                return Redirect(Input.Back == FromToday ? "/Today" : $"/Clients/{clientId}");
            case SendOutcome.AlreadySent:
                TempData["Flash"] = t["This message was sent already."].Value;
                return Redirect(Input.Back == FromToday ? "/Today" : $"/Clients/{clientId}");
            case SendOutcome.NotFound:
                return NotFound();
            default:
                ModelState.AddModelError("", Refusal(result));
                return await RedisplayAsync(clientId, ct);
        }
    }

    /// <summary>The form again with what was typed, the choices and the reason it was not sent.</summary>
    private async Task<IActionResult> RedisplayAsync(int clientId, CancellationToken ct)
    {
        var draft = await messages.DraftAsync(User.Id(), clientId, Input.FollowUpId, Input.ContactId, Input.Kind, Input.Language, ct);
        if (draft is null) return NotFound();
        Draft = draft;
        Input.ContactId = draft.Recipient?.Id;
        return Page();
    }

    private void Show(MessageDraft draft, string? back, string token)
    {
        Draft = draft;
        Input = new WriteInput
        {
            ContactId = draft.Recipient?.Id,
            FollowUpId = draft.FollowUpId,
            Kind = draft.Kind,
            Language = draft.Language,
            Subject = draft.Subject,
            Body = draft.Body,
            Token = token,
            Back = back == FromToday ? FromToday : null,
        };
    }

    private string Refusal(SendResult result) => result.Outcome switch
    {
        SendOutcome.DoNotContact => t["Not sent: this client is marked do not contact."],
        SendOutcome.NoEmail => t["Not sent: this contact has no email address. Add one on the contact first."],
        SendOutcome.Bounced => t["Not sent: mail to this contact's address has bounced. Correct the address on the contact first."],
        _ => t["Not sent: you have sent {0} messages today, the most allowed in a day. Try again tomorrow.", f.Number(result.Limit)],
    };

    private string SentMessage(SendResult result) => result.Touch switch
    {
        { NextWinBackAttemptOn: { } attempt } => t["Message is on its way. Next win-back attempt: {0}.", f.Date(attempt)],
        { RetryOn: { } retry } => t["Message is on its way. Without a reply, this client is back on your list on {0}.", f.Date(retry)],
        _ => t["Message is on its way."],
    };
}
