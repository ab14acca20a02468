using LybuntCrm.IntegrationTests.Features.Clients;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Import;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.Import;

/// <summary>Every file in TestData/bad ends in a clear result: rows imported correctly, or per-row errors naming row, column and problem.</summary>
public sealed class BadFileTests
{
    [Theory]
    [InlineData("bad/empty.csv", "The file is empty.")]
    [InlineData("bad/header-only.csv", "The file has a header row but no data rows.")]
    public async Task Empty_and_header_only_files_get_a_clear_message_and_no_run(string file, string message)
    {
        using var app = new CrmApp();
        var result = await app.ImportAsync(file, ImportKind.Clients);
        result.Run.Should().BeNull();
        result.Error.Should().Be(message);
        (await app.WithDbAsync(db => db.ImportRuns.CountAsync())).Should().Be(0);
    }

    [Fact]
    public async Task Bidi_overrides_and_control_characters_are_removed_and_html_is_kept_as_text()
    {
        using var app = new CrmApp();
        var result = await app.ImportAsync("bad/bidi-and-control-chars.csv", ImportKind.Clients);

        (result.Run!.Created, result.Run.Failed).Should().Be((2, 0));
        result.Outcome!.Issues.Should().Contain(i => i.Row == 2 && i.Column == "ClientName" && i.Kind == IssueKind.Warning);
        await app.WithDbAsync(async db =>
        {
            var z1 = await db.Clients.Include(c => c.Contacts).SingleAsync(c => c.ExternalId == "Z1");
            z1.Name.Should().Be("evil Co");
            z1.Notes.Should().Be("line1nul");
            z1.Contacts.Single().Name.Should().Be("Zed \u200FRTL\u200F", "right-to-left marks are legitimate in Persian text");
            var z2 = await db.Clients.Include(c => c.Contacts).SingleAsync(c => c.ExternalId == "Z2");
            z2.Name.Should().Be("<script>alert(1)</script>");
            z2.Contacts.Single().Name.Should().Be("O'Brien & <b>Sons</b>");
        });
    }

    [Fact]
    public async Task Duplicates_that_differ_only_in_case_and_spaces_make_one_client()
    {
        using var app = new CrmApp();
        var result = await app.ImportAsync("bad/duplicates.csv", ImportKind.Clients);

        (result.Run!.Created, result.Run.Skipped, result.Run.Failed).Should().Be((1, 2, 0));
        result.Outcome!.Issues.Where(i => i.Kind == IssueKind.Skipped).Select(i => (i.Row, i.Message))
            .Should().Equal((3, "Same client as row 2."), (4, "Same client as row 2."));
        var client = await app.WithDbAsync(db => db.Clients.Include(c => c.Contacts).SingleAsync());
        client.Name.Should().Be("Dup Co");
        client.Contacts.Single().Email.Should().Be("dee@dup.example");
    }

    [Fact]
    public async Task A_name_that_two_existing_clients_share_fails_its_row_instead_of_updating_one_of_them()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        await app.WithDbAsync(async db =>
        {
            await db.AddClientAsync("Acme Events", managerId);
            await db.AddClientAsync("ACME events", managerId);
        });

        var result = await app.ImportAsync("bad/shared-name.csv", ImportKind.Clients);

        (result.Run!.Created, result.Run.Updated, result.Run.Failed).Should().Be((1, 0, 1));
        result.Outcome!.Issues.Should().ContainSingle(i => i.Kind == IssueKind.Failed).Which.Message
            .Should().Be("Several clients are named 'Acme Events'; use their external id or email instead.");
        (await app.WithDbAsync(db => db.Contacts.CountAsync(c => c.Name == "Ann Acme"))).Should().Be(0, "neither Acme was changed");
    }

    [Fact]
    public async Task Formula_looking_values_are_stored_verbatim_and_escaped_in_the_error_file()
    {
        using var app = new CrmApp();
        var result = await app.ImportAsync("bad/formula-injection.csv", ImportKind.Clients);

        (result.Run!.Created, result.Run.Failed).Should().Be((2, 0));
        await app.WithDbAsync(async db =>
        {
            var f1 = await db.Clients.Include(c => c.Contacts).SingleAsync(c => c.ExternalId == "F1");
            f1.Name.Should().Be("=HYPERLINK(\"http://evil.example\",\"click\")");
            f1.Notes.Should().Be("@SUM(1+1)*cmd|' /C calc'!A0");
            var f2 = await db.Clients.Include(c => c.Contacts).SingleAsync(c => c.ExternalId == "F2");
            f2.Name.Should().Be("-2+3");
            f2.Notes.Should().Be("=1+1");
            f2.Contacts.Single().Name.Should().Be("Tabbed");
        });
        var outcome = new ImportOutcome();
        outcome.Add(new ImportIssue(2, "=cmd", IssueKind.Failed, "=HYPERLINK(\"x\")"));
        outcome.IssuesCsv().Should().Contain("2,'=cmd,Failed,\"'=HYPERLINK(\"\"x\"\")\"");
    }

    [Fact]
    public async Task Impossible_and_spreadsheet_serial_dates_fail_their_row_with_the_column_named()
    {
        using var app = new CrmApp();
        var result = await app.ImportAsync("bad/malformed-dates.csv", ImportKind.Clients);

        (result.Run!.Created, result.Run.Failed).Should().Be((1, 2));
        result.Outcome!.Issues.Where(i => i.Kind == IssueKind.Failed).Select(i => (i.Row, i.Column)).Should().Equal(
            (2, "Birthday"), (2, "CustomerSince"), (3, "Birthday"), (3, "CustomerSince"));
        result.Outcome.Issues.Should().Contain(i => i.Row == 3 && i.Message.Contains("serial number"));
        (await app.WithDbAsync(db => db.Clients.Select(c => c.ExternalId).SingleAsync())).Should().Be("D3");
    }

    [Fact]
    public async Task Ragged_rows_and_an_unclosed_quote_fail_alone_and_the_next_row_still_imports()
    {
        using var app = new CrmApp();
        var result = await app.ImportAsync("bad/ragged-rows.csv", ImportKind.Clients);

        (result.Run!.Created, result.Run.Failed).Should().Be((1, 3));
        result.Outcome!.Issues.Select(i => (i.Row, i.Column, i.Message)).Should().Equal(
            (2, "(row)", "The row has 2 values but the header has 10 columns."),
            (3, "(row)", "The row has 12 values but the header has only 10 columns."),
            (4, "(row)", "A quoted value is never closed."));
        (await app.WithDbAsync(db => db.Clients.Select(c => c.Name).SingleAsync())).Should().Be("Fine Ltd");
    }

    [Fact]
    public async Task Semicolons_decimal_commas_and_day_first_dates_are_detected()
    {
        using var app = new CrmApp();
        await app.ImportAsync("clients.csv", ImportKind.Clients);
        var result = await app.ImportAsync("bad/semicolon-decimal-comma-purchases.csv", ImportKind.Purchases);

        var options = ImportOptions.FromJson(result.Run!.OptionsJson);
        (options.Delimiter, options.DecimalComma, options.DateFormat).Should().Be((";", true, "dd/MM/yyyy"));
        (result.Run.Created, result.Run.Failed).Should().Be((2, 0));
        var purchases = await app.WithDbAsync(db => db.Purchases.OrderBy(p => p.Reference).ToListAsync());
        purchases.Select(p => (p.Reference, p.Date, p.Amount, p.Currency)).Should().Equal(
            ("INV-9001", new DateOnly(2025, 4, 3), 1234.50m, "EUR"), ("INV-9002", new DateOnly(2025, 11, 28), 980.00m, "EUR"));
    }

    [Theory]
    [InlineData("bad/utf16-bom.csv", "utf-16", true, "U1", "Blue Harbor Hotels")]
    [InlineData("bad/utf8-bom-quoted-header.csv", "utf-8", true, "B1", "Công ty Ánh Dương")]
    [InlineData("bad/utf8-bom-quoted-header.csv", "utf-8", true, "B2", "شرکت نیک‌اندیش")]
    [InlineData("bad/windows-1258-vietnamese.csv", "windows-1258", false, "V2", "Nhà sách Hà Nội")]
    [InlineData("bad/windows-1256-persian.csv", "windows-1256", false, "P1", "شركت البرز")]
    public async Task Encodings_are_detected_and_text_is_stored_as_unicode_nfc(string file, string encoding, bool certain, string externalId, string name)
    {
        using var app = new CrmApp();
        var result = await app.ImportAsync(file, ImportKind.Clients);

        var options = ImportOptions.FromJson(result.Run!.OptionsJson);
        (options.Encoding, options.EncodingCertain).Should().Be((encoding, certain));
        result.Run.Failed.Should().Be(0);
        var stored = await app.WithDbAsync(db => db.Clients.Where(c => c.ExternalId == externalId).Select(c => c.Name).SingleAsync());
        stored.Should().Be(name.Normalize(System.Text.NormalizationForm.FormC));
        stored.IsNormalized(System.Text.NormalizationForm.FormC).Should().BeTrue();
    }
}
