using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Messages;
using LybuntCrm.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Admin;

/// <summary>
/// The wording of messages to clients, one per purpose and language. A wording is checked before it is saved: an unknown
/// placeholder or a syntax error is shown with its line, and nothing is saved.
/// </summary>
public sealed class TemplatesModel(TemplateLibrary library, TemplateRenderer renderer, Audit audit, UserManager<AppUser> users,
    IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)] public TemplateKind Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string Language { get; set; } = "en";
    [BindProperty] public string? Subject { get; set; }
    [BindProperty] public string? Body { get; set; }

    public IReadOnlyList<TemplateLibrary.Wording> All { get; private set; } = [];
    public TemplateLibrary.Wording Current { get; private set; } = null!;
    public IReadOnlyList<string> Problems { get; private set; } = [];
    public (string Subject, string Body)? Preview { get; private set; }

    public bool IsRightToLeft => Language == "fa";

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Subject = Current.Subject;
        Body = Current.Body;
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var subject = Subject?.Trim() ?? "";
        var body = Body?.Replace("\r\n", "\n", StringComparison.Ordinal).Trim() ?? "";
        Problems = LengthProblems(subject, body);
        if (Problems.Count == 0)
        {
            var found = await library.SaveAsync(Kind, Language, subject, body, users.GetUserId(User), ct);
            Problems = found.Select(Describe).ToList();
        }
        if (Problems.Count > 0) return Page();
        await audit.RecordNowAsync("template.saved", "MessageTemplate", $"{Kind}/{Language}");
        TempData["Flash"] = t["Template saved."].Value;
        return RedirectToPage(new { Kind, Language });
    }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var subject = Subject ?? "";
        var body = Body ?? "";
        Problems = LengthProblems(subject, body);
        if (Problems.Count == 0) Problems = renderer.Check(subject, body).Select(Describe).ToList();
        if (Problems.Count == 0) Preview = renderer.Render(subject, body, TemplateRenderer.SampleValues);
        return Page();
    }

    public async Task<IActionResult> OnPostResetAsync(CancellationToken ct)
    {
        Language = TemplateLibrary.LanguageOrEnglish(Language);
        await library.ResetAsync(Kind, Language, ct);
        await audit.RecordNowAsync("template.reset", "MessageTemplate", $"{Kind}/{Language}");
        TempData["Flash"] = t["The default wording is back."].Value;
        return RedirectToPage(new { Kind, Language });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        if (!Enum.IsDefined(Kind)) Kind = TemplateKind.CheckIn;
        Language = TemplateLibrary.LanguageOrEnglish(Language);
        All = await library.AllAsync(ct);
        Current = All.Single(w => w.Kind == Kind && w.Language == Language);
    }

    private List<string> LengthProblems(string subject, string body)
    {
        var problems = new List<string>();
        if (subject.Length == 0) problems.Add(t["Enter a subject."]);
        if (subject.Length > MessageTemplate.SubjectMaxLength) problems.Add(t["The subject can have at most {0} characters.", MessageTemplate.SubjectMaxLength]);
        if (body.Length == 0) problems.Add(t["Enter the text of the message."]);
        if (body.Length > MessageTemplate.BodyMaxLength) problems.Add(t["The text can have at most {0} characters.", MessageTemplate.BodyMaxLength]);
        return problems;
    }

    private string Describe(TemplateProblem problem)
    {
        var part = problem.Part == TemplatePart.Subject ? t["Subject"] : t["Text"];
        return problem.Name is { } name
            ? t["{0}, line {1}: there is no placeholder \"{2}\". Use one of the placeholders listed on this page.", part, problem.Line, name]
            : t["{0}, line {1}: the template can't be read here ({2}).", part, problem.Line, problem.Detail ?? ""];
    }
}
