using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Messages;

/// <summary>
/// The wording of each purpose in each language: an admin's own when saved, else the default shipped with the app.
/// The one place templates are read, checked and saved.
/// </summary>
public sealed class TemplateLibrary(CrmDbContext db, TemplateRenderer renderer, IClock clock)
{
    public sealed record Wording(TemplateKind Kind, string Language, string Subject, string Body, bool IsDefault, DateTime? UpdatedAtUtc);

    public async Task<Wording> GetAsync(TemplateKind kind, string language, CancellationToken ct = default)
    {
        language = LanguageOrEnglish(language);
        var saved = await db.MessageTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.Kind == kind && t.Language == language, ct);
        return saved is null ? Default(kind, language) : new Wording(kind, language, saved.Subject, saved.Body, false, saved.UpdatedAtUtc);
    }

    /// <summary>Every purpose in every language, in the order of <see cref="TemplateKind"/>.</summary>
    public async Task<IReadOnlyList<Wording>> AllAsync(CancellationToken ct = default)
    {
        var saved = await db.MessageTemplates.AsNoTracking().ToDictionaryAsync(t => (t.Kind, t.Language), ct);
        return (from kind in Enum.GetValues<TemplateKind>()
                from language in DefaultTemplates.Languages
                select saved.TryGetValue((kind, language), out var t)
                    ? new Wording(kind, language, t.Subject, t.Body, false, t.UpdatedAtUtc)
                    : Default(kind, language)).ToList();
    }

    /// <summary>Saves a wording when it renders; otherwise returns why not and saves nothing.</summary>
    public async Task<IReadOnlyList<TemplateProblem>> SaveAsync(TemplateKind kind, string language, string subject, string body, string? userId,
        CancellationToken ct = default)
    {
        language = LanguageOrEnglish(language);
        var problems = renderer.Check(subject, body);
        if (problems.Count > 0) return problems;
        var row = await db.MessageTemplates.FirstOrDefaultAsync(t => t.Kind == kind && t.Language == language, ct);
        if (row is null)
        {
            row = new MessageTemplate { Kind = kind, Language = language };
            db.MessageTemplates.Add(row);
        }
        row.Subject = subject;
        row.Body = body;
        row.UpdatedAtUtc = clock.UtcNow;
        row.UpdatedById = userId;
        await db.SaveChangesAsync(ct);
        return [];
    }

    /// <summary>Goes back to the default wording.</summary>
    public Task ResetAsync(TemplateKind kind, string language, CancellationToken ct = default) =>
        db.MessageTemplates.Where(t => t.Kind == kind && t.Language == language).ExecuteDeleteAsync(ct);

    /// <summary>The purpose a follow-up's message serves: its occasion, a win-back, a prospect's next step, or a check-in.</summary>
    public static TemplateKind KindFor(FollowUpKind kind, string sourceKey) => kind switch
    {
        FollowUpKind.WinBack => TemplateKind.WinBack,
        FollowUpKind.ProspectReview => TemplateKind.ProspectFollowUp,
        FollowUpKind.Occasion when sourceKey.StartsWith("occasion:birthday:", StringComparison.Ordinal) => TemplateKind.Birthday,
        FollowUpKind.Occasion when sourceKey.StartsWith("occasion:customer-since:", StringComparison.Ordinal) => TemplateKind.CustomerSince,
        FollowUpKind.Occasion when sourceKey.StartsWith("occasion:project-6m:", StringComparison.Ordinal) => TemplateKind.ProjectSixMonths,
        FollowUpKind.Occasion when sourceKey.StartsWith("occasion:project:", StringComparison.Ordinal) => TemplateKind.ProjectAnniversary,
        _ => TemplateKind.CheckIn,
    };

    public static string LanguageOrEnglish(string? language) =>
        language is not null && DefaultTemplates.Languages.Contains(language) ? language : "en";

    private static Wording Default(TemplateKind kind, string language)
    {
        var (subject, body) = DefaultTemplates.For(kind, language);
        return new Wording(kind, language, subject, body, true, null);
    }
}
