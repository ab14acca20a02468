using System.Net;
using System.Text.Json;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Clients.PersonalData;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.Clients;

public sealed class ContactPersonalDataTests
{
    private const string Name = "Quillon Varnavidès";
    private const string Email = "quillon.v@zephyr-example.com";
    private const string Phone = "+84901234567";
    private const string WhatsApp = "+989123456789";

    /// <summary>Every way the contact's values may have been written: stored, as shown, as dialled.</summary>
    private static readonly string[] Values =
        [Name, JsonEncodedText.Encode(Name).ToString(), System.Text.Encodings.Web.HtmlEncoder.Default.Encode(Name), Email, Phone, "84901234567", "0901 234 567", "0901234567", WhatsApp, "989123456789", "+98 912 345 6789", "quillon_v"];

    private sealed record Seeded(int ClientId, int ContactId, int OtherContactId);

    /// <summary>A contact written down everywhere the CRM keeps something about a person.</summary>
    private static async Task<Seeded> SeedAsync(CrmApp app, string managerId, string adminId) => await app.WithDbAsync(async db =>
    {
        var clientId = await db.AddClientAsync("Zephyrine Holdings", managerId, c => c.Notes = $"Ask for {Name} at reception, {Email}.");
        var otherClientId = await db.AddClientAsync("Ortolan Freight", managerId);
        var contact = new Contact
        {
            ClientId = clientId,
            Name = Name,
            Email = Email,
            Phone = Phone,
            ZaloPhone = Phone,
            TelegramUsername = "quillon_v",
            WhatsAppPhone = WhatsApp,
            Role = "Head of events",
            BirthdayDay = 3,
            BirthdayMonth = 4,
            BirthdayYear = 1980,
            FormOfAddress = "Mr Varnavides",
            Language = "en",
            PreferredChannel = Channel.Zalo,
        };
        var other = new Contact { ClientId = otherClientId, Name = "Anna Ortolan", Email = "anna@ortolan.example", Phone = "+84912345678" };
        db.Contacts.AddRange(contact, other);
        await db.SaveChangesAsync();
        var now = DateTime.UtcNow;
        db.Touchpoints.AddRange(
            new Touchpoint
            {
                ClientId = clientId,
                ContactId = contact.Id,
                UserId = managerId,
                OccurredOn = new DateOnly(2026, 5, 2),
                CreatedAtUtc = now,
                Channel = Channel.Phone,
                Direction = Direction.Outbound,
                Outcome = TouchpointOutcome.Reached,
                Summary = $"Called {Name} on 0901 234 567, will send the offer to {Email}",
            },
            new Touchpoint
            {
                ClientId = clientId,
                ContactId = contact.Id,
                UserId = managerId,
                OccurredOn = new DateOnly(2026, 5, 9),
                CreatedAtUtc = now,
                Channel = Channel.Email,
                Direction = Direction.Inbound,
                Outcome = TouchpointOutcome.Reached,
                Source = TouchpointSource.Mailbox,
                MessageKey = "<offer-reply@zephyr-example.com>",
                Subject = "Re: the spring offer",
                Summary = "Thanks, the offer looks good. Quillon",
            },
            new Touchpoint
            {
                ClientId = otherClientId,
                ContactId = other.Id,
                UserId = managerId,
                OccurredOn = new DateOnly(2026, 5, 9),
                CreatedAtUtc = now,
                Channel = Channel.Phone,
                Direction = Direction.Outbound,
                Outcome = TouchpointOutcome.Reached,
                Summary = "Talked to Anna",
            });
        db.KeyDates.Add(new KeyDate { ClientId = clientId, ContactId = contact.Id, Kind = KeyDateKind.Birthday, Date = new DateOnly(1980, 4, 3), Label = $"{Name}'s birthday" });
        db.FollowUps.Add(new FollowUp
        {
            ClientId = clientId,
            ContactId = contact.Id,
            AssigneeId = managerId,
            Kind = FollowUpKind.Occasion,
            DueOn = new DateOnly(2027, 4, 3),
            PlannedOn = new DateOnly(2027, 4, 3),
            Reason = $"Birthday of {Name}",
            SourceKey = $"test:birthday:{contact.Id}",
            CreatedAtUtc = now,
        });
        db.OutboundEmails.Add(new OutboundEmail
        {
            Recipient = Email,
            RecipientName = Name,
            Kind = "client",
            ForDate = new DateOnly(2026, 5, 3),
            Subject = "The spring offer",
            HtmlBody = $"<p>Dear {Name},</p>",
            TextBody = $"Dear {Name},",
            Status = EmailStatus.Sent,
            MessageId = "<m1@lybunt>",
            CreatedAtUtc = now,
            NextAttemptAtUtc = now,
            SentByUserId = managerId,
            ClientId = clientId,
            ContactId = contact.Id,
        });
        db.Purchases.Add(new Purchase { ClientId = clientId, Date = new DateOnly(2026, 3, 1), Amount = 1234.50m, CreatedAtUtc = now });
        db.AuditEvents.AddRange(
            new AuditEvent { AtUtc = now, UserId = adminId, Action = "contact.updated", EntityType = nameof(Contact), EntityId = contact.Id.ToString(), Detail = $"client {clientId}" },
            new AuditEvent { AtUtc = now, UserId = managerId, Action = "message.sent", EntityType = nameof(Client), EntityId = clientId.ToString(), Detail = $"to {Email} ({Name}), {Phone}" });
        await db.SaveChangesAsync();
        // Undo data keeps JSON whose letters are escaped ("\u00E8").
        var followUpId = await db.FollowUps.Where(f => f.ClientId == clientId).Select(f => f.Id).SingleAsync();
        db.FollowUpUndos.Add(new FollowUpUndo
        {
            Token = "undo-erase-test",
            UserId = managerId,
            ClientId = clientId,
            FollowUpId = followUpId,
            Action = FollowUpUndoAction.Done,
            Before = JsonSerializer.Serialize(new { Reason = $"Birthday of {Name}" }),
            After = "{}",
            CreatedAtUtc = now,
        });
        await db.SaveChangesAsync();
        await LybuntCrm.Web.Infrastructure.ClientFacts.RefreshAsync(db, clientId);
        await LybuntCrm.Web.Features.Clients.ClientAccess.RefreshSearchTextAsync(db, clientId, default);
        return new Seeded(clientId, contact.Id, other.Id);
    });

    /// <summary>The entities that point at a contact, read from the model, so that a table added later is not forgotten.</summary>
    private static IReadOnlyList<Type> EntitiesReferencingContacts(CrmDbContext db) =>
        db.Model.GetEntityTypes()
            .Where(e => e.GetForeignKeys().Any(fk => fk.PrincipalEntityType.ClrType == typeof(Contact))
                || e.GetProperties().Any(p => p.Name == nameof(Touchpoint.ContactId)))
            .Select(e => e.ClrType).Distinct().ToList();

    [Fact]
    public async Task The_export_covers_every_table_that_references_the_contact_as_a_page_and_as_JSON()
    {
        using var app = new CrmApp();
        var (adminId, managerId, _) = await app.EnsureStandardUsersAsync();
        var seeded = await SeedAsync(app, managerId, adminId);
        var referencing = await app.WithDbAsync(db => Task.FromResult(EntitiesReferencingContacts(db)));
        referencing.Should().Contain([typeof(Touchpoint), typeof(KeyDate), typeof(FollowUp), typeof(OutboundEmail)]);
        referencing.Should().OnlyContain(t => ContactPersonalData.ExportedEntities.Contains(t),
            "every table that references a contact must be part of its export (add it to ContactPersonalData)");

        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);
        var page = await browser.GetPageAsync($"/Clients/{seeded.ClientId}/Contacts/{seeded.ContactId}/PersonalData");
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        foreach (var type in referencing.Append(typeof(AuditEvent)).Append(typeof(Client)))
        {
            var section = page.Document.QuerySelector($"[data-section={type.Name}]");
            section.Should().NotBeNull(type.Name);
            section!.TextContent.Trim().Should().NotBeEmpty(type.Name);
        }
        page.Text.Should().Contain(Email).And.Contain("0901 234 567").And.Contain("Re: the spring offer").And.Contain($"Birthday of {Name}")
            .And.Contain("Dear " + Name).And.Contain("Zephyrine Holdings").And.Contain("quillon_v").And.NotContain("Anna Ortolan");

        var json = await browser.GetAsync($"/Clients/{seeded.ClientId}/Contacts/{seeded.ContactId}/PersonalData?handler=Json");
        json.StatusCode.Should().Be(HttpStatusCode.OK);
        json.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        using var doc = JsonDocument.Parse(await json.Content.ReadAsStringAsync());
        var root = doc.RootElement;
        root.GetProperty("contact").GetProperty("Email").GetString().Should().Be(Email);
        root.GetProperty("client").GetProperty("Name").GetString().Should().Be("Zephyrine Holdings");
        root.GetProperty("touchpoints").GetArrayLength().Should().Be(1);
        root.GetProperty("syncedMessages")[0].GetProperty("Subject").GetString().Should().Be("Re: the spring offer");
        root.GetProperty("keyDates").GetArrayLength().Should().Be(1);
        root.GetProperty("followUps").GetArrayLength().Should().Be(1);
        root.GetProperty("messagesSent")[0].GetProperty("TextBody").GetString().Should().Be($"Dear {Name},");
        root.GetProperty("auditEntries").EnumerateArray().Select(a => a.GetProperty("Action").GetString())
            .Should().Contain(["contact.updated", "message.sent"]);
    }

    [Fact]
    public async Task Erasing_leaves_no_value_of_the_contact_in_any_text_column_and_keeps_the_history_and_revenue()
    {
        using var app = new CrmApp();
        var (adminId, managerId, _) = await app.EnsureStandardUsersAsync();
        var seeded = await SeedAsync(app, managerId, adminId);
        var revenueBefore = await app.WithDbAsync(db => db.Purchases.Where(p => p.ClientId == seeded.ClientId).SumAsync(p => p.Amount));
        var factsBefore = await app.WithDbAsync(db => db.Clients.Where(c => c.Id == seeded.ClientId)
            .Select(c => new { c.LastYearTotal, c.LastContactOn, c.LastPurchaseOn }).SingleAsync());
        (await FindValuesAsync(app)).Should().NotBeEmpty("the search must see the values before they are erased");

        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);
        var url = $"/Clients/{seeded.ClientId}/Contacts/{seeded.ContactId}/Erase";
        var erased = await admin.PostFormAsync(url, new Dictionary<string, string> { ["TypedName"] = Name });
        erased.StatusCode.Should().Be(HttpStatusCode.Redirect, string.Join("; ", erased.Errors));

        (await FindValuesAsync(app)).Should().BeEmpty("no text column of any table may keep the erased person's name, address or number");
        await app.WithDbAsync(async db =>
        {
            var contact = await db.Contacts.AsNoTracking().SingleAsync(c => c.Id == seeded.ContactId);
            contact.Name.Should().Be("Erased contact");
            (contact.Email, contact.Phone, contact.ZaloPhone, contact.WhatsAppPhone, contact.TelegramUsername, contact.BirthdayDay, contact.FormOfAddress, contact.Role)
                .Should().Be((null, null, null, null, null, null, null, null));
            var touches = await db.Touchpoints.AsNoTracking().Where(t => t.ClientId == seeded.ClientId).OrderBy(t => t.OccurredOn).ToListAsync();
            touches.Select(t => (t.OccurredOn, t.Outcome, t.ContactId)).Should().Equal(
                (new DateOnly(2026, 5, 2), TouchpointOutcome.Reached, seeded.ContactId), (new DateOnly(2026, 5, 9), TouchpointOutcome.Reached, seeded.ContactId));
            touches[0].Summary.Should().Be("Called ••• on •••, will send the offer to •••", "a note keeps its words but not the person");
            (touches[1].Subject, touches[1].Summary).Should().Be((null, null), "the text of a synced message is deleted");
            (await db.KeyDates.CountAsync(k => k.ContactId == seeded.ContactId)).Should().Be(0);
            (await db.Purchases.Where(p => p.ClientId == seeded.ClientId).SumAsync(p => p.Amount)).Should().Be(revenueBefore);
            (await db.Clients.Where(c => c.Id == seeded.ClientId).Select(c => new { c.LastYearTotal, c.LastContactOn, c.LastPurchaseOn }).SingleAsync())
                .Should().Be(factsBefore);
            var other = await db.Contacts.AsNoTracking().SingleAsync(c => c.Id == seeded.OtherContactId);
            (other.Name, other.Email, other.Phone).Should().Be(("Anna Ortolan", "anna@ortolan.example", "+84912345678"), "another person is not touched");
            var entry = await db.AuditEvents.AsNoTracking().SingleAsync(a => a.Action == "contact.erased");
            entry.EntityId.Should().Be(seeded.ContactId.ToString());
            entry.Detail.Should().Contain($"contact #{seeded.ContactId}").And.Contain(CrmApp.AdminEmail);
        });

        var details = await admin.GetPageAsync($"/Clients/{seeded.ClientId}");
        details.Text.Should().Contain("Erased contact").And.NotContain(Name);
        (await admin.GetPageAsync($"/Clients?q={Uri.EscapeDataString(Email)}")).Document.QuerySelectorAll("[data-client-id]")
            .Should().BeEmpty("the client is no longer found by the erased address");
    }

    [Fact]
    public async Task Managers_cannot_erase_nor_export_another_managers_contact_and_the_typed_name_must_match()
    {
        using var app = new CrmApp();
        var (adminId, managerId, _) = await app.EnsureStandardUsersAsync();
        var seeded = await SeedAsync(app, managerId, adminId);
        var erase = $"/Clients/{seeded.ClientId}/Contacts/{seeded.ContactId}/Erase";
        var export = $"/Clients/{seeded.ClientId}/Contacts/{seeded.ContactId}/PersonalData";

        using (var manager = await app.SignedInAsync(CrmApp.ManagerEmail))
        {
            (await manager.GetAsync(erase)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
            var token = (await manager.GetPageAsync($"/Clients/{seeded.ClientId}")).AntiforgeryToken;
            (await manager.PostAsync(erase, new Dictionary<string, string> { ["TypedName"] = Name }, token)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
            var details = await manager.GetPageAsync($"/Clients/{seeded.ClientId}");
            details.Document.QuerySelector("[data-testid=contact-export]").Should().NotBeNull("the owner may export");
            details.Document.QuerySelector("[data-testid=contact-erase]").Should().BeNull("only admins erase");
        }
        using (var otherManager = await app.SignedInAsync(CrmApp.OtherManagerEmail))
        {
            (await otherManager.GetAsync(export)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
            (await otherManager.GetAsync(export + "?handler=Json")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }

        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);
        (await admin.GetPageAsync($"/Clients/{seeded.ClientId}")).Document.QuerySelector("[data-testid=contact-erase]").Should().NotBeNull();
        foreach (var typed in new[] { "", "quillon varnavidès", "Quillon Varnavides", "Quillon" })
        {
            var refused = await admin.PostFormAsync(erase, new Dictionary<string, string> { ["TypedName"] = typed });
            refused.StatusCode.Should().Be(HttpStatusCode.OK);
            refused.Errors.Should().Contain("Type the contact's name exactly as shown to erase it.");
        }
        (await app.WithDbAsync(db => db.Contacts.AsNoTracking().SingleAsync(c => c.Id == seeded.ContactId))).Email.Should().Be(Email);
        (await admin.GetAsync($"/Clients/{seeded.ClientId}/Contacts/{seeded.OtherContactId}/Erase")).StatusCode
            .Should().Be(HttpStatusCode.NotFound, "a contact of another client is not erased through this one");
    }

    /// <summary>Every (table, column, value) where a value of the contact is still written, over every text column of every table.</summary>
    private static Task<List<string>> FindValuesAsync(CrmApp app) => app.WithDbAsync(async db =>
    {
        var found = new List<string>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        foreach (var entity in db.Model.GetEntityTypes())
        {
            if (entity.GetTableName() is not { } table) continue;
            var store = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(table, entity.GetSchema());
            foreach (var property in entity.GetProperties().Where(p => p.ClrType == typeof(string)))
            {
                if (property.GetColumnName(store) is not { } column) continue;
                foreach (var value in Values)
                {
                    await using var command = connection.CreateCommand();
                    command.CommandText = $"SELECT COUNT(*) FROM \"{table}\" WHERE \"{column}\" LIKE @p";
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = "@p";
                    parameter.Value = "%" + value + "%";
                    command.Parameters.Add(parameter);
                    if (Convert.ToInt64(await command.ExecuteScalarAsync()) > 0) found.Add($"{table}.{column}: {value}");
                }
            }
        }
        return found;
    });
}
