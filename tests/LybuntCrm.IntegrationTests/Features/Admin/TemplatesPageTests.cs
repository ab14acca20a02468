using System.Net;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.Admin;

public sealed class TemplatesPageTests
{
    private const string Page = "/Admin/Templates?kind=CheckIn&language=vi";

    [Fact]
    public async Task An_admin_edits_a_template_unknown_placeholders_are_refused_with_their_line_and_the_default_comes_back()
    {
        using var app = new CrmApp();
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);

        var first = await admin.GetPageAsync(Page);
        first.Document.QuerySelector("input[name=Subject]")!.GetAttribute("value").Should().Be("{{ client_name }} dạo này thế nào?");
        first.Document.QuerySelector("textarea[name=Body]")!.GetAttribute("lang").Should().Be("vi");
        first.Document.QuerySelectorAll("[data-testid=placeholders] dt").Should().HaveCount(9);

        var refused = await admin.PostFormAsync(Page, Form("Chào {{ form_of_address }}", "Chào {{ form_of_address }},\n\nĐơn hàng {{ order_number }} đã sẵn sàng.\n{{ manager_name }}"),
            "/Admin/Templates?handler=Save");
        refused.StatusCode.Should().Be(HttpStatusCode.OK);
        refused.Document.QuerySelector("[data-testid=template-problems]")!.TextContent
            .Should().Contain("Text, line 3: there is no placeholder \"order_number\"");
        refused.Document.QuerySelector("textarea[name=Body]")!.TextContent.Should().Contain("{{ order_number }}", "what was typed is kept");
        (await app.WithDbAsync(db => db.MessageTemplates.CountAsync())).Should().Be(0);

        var broken = await admin.PostFormAsync(Page, Form("Chào", "Dòng một\n{% if client_name %}không đóng"), "/Admin/Templates?handler=Save");
        broken.Document.QuerySelector("[data-testid=template-problems]")!.TextContent.Should().Contain("Text, line");

        var saved = await admin.PostFormAsync(Page, Form("Thăm hỏi {{ client_name }}", "Chào {{ form_of_address }},\n\nMọi việc ổn chứ?\n{{ manager_name }}"),
            "/Admin/Templates?handler=Save");
        saved.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var row = await app.WithDbAsync(db => db.MessageTemplates.AsNoTracking().SingleAsync());
        (row.Kind, row.Language, row.Subject).Should().Be((TemplateKind.CheckIn, "vi", "Thăm hỏi {{ client_name }}"));
        var edited = await admin.GetPageAsync(Page);
        edited.Document.QuerySelector("input[name=Subject]")!.GetAttribute("value").Should().Be("Thăm hỏi {{ client_name }}");
        edited.Document.QuerySelector("[data-testid=template-list] a[aria-current=page]")!.TextContent.Should().Contain("edited");

        var reset = await admin.PostFormAsync(Page, new Dictionary<string, string> { ["Kind"] = "CheckIn", ["Language"] = "vi" }, "/Admin/Templates?handler=Reset");
        reset.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.MessageTemplates.CountAsync())).Should().Be(0);
    }

    [Fact]
    public async Task The_preview_shows_markup_in_a_template_as_text()
    {
        using var app = new CrmApp();
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);

        var preview = await admin.PostFormAsync("/Admin/Templates?kind=WinBack&language=fa",
            Form("سلام {{ client_name }}", "<script>alert(1)</script>\n{{ form_of_address }} گرامی", "WinBack", "fa"), "/Admin/Templates?handler=Preview");

        var shown = preview.Document.QuerySelector("[data-testid=template-preview]")!;
        shown.QuerySelector("script").Should().BeNull();
        shown.TextContent.Should().Contain("<script>alert(1)</script>").And.Contain("Ms Tran گرامی").And.Contain("سلام Sample Ltd");
        shown.QuerySelector("[dir=rtl]").Should().NotBeNull();
        (await app.WithDbAsync(db => db.MessageTemplates.CountAsync())).Should().Be(0, "a preview saves nothing");
    }

    [Fact]
    public async Task Only_admins_see_the_templates()
    {
        using var app = new CrmApp();
        await app.EnsureStandardUsersAsync();
        using var manager = await app.SignedInAsync(CrmApp.ManagerEmail);

        (await manager.GetAsync("/Admin/Templates")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    private static Dictionary<string, string> Form(string subject, string body, string kind = "CheckIn", string language = "vi") => new()
    {
        ["Kind"] = kind,
        ["Language"] = language,
        ["Subject"] = subject,
        ["Body"] = body,
    };
}
