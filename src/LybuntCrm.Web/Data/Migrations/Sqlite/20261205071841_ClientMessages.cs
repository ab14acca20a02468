using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LybuntCrm.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ClientMessages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ClientId",
                table: "OutboundEmails",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ContactId",
                table: "OutboundEmails",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "FollowUpId",
                table: "OutboundEmails",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReplyTo",
                table: "OutboundEmails",
                type: "TEXT",
                maxLength: 254,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SentByUserId",
                table: "OutboundEmails",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SmtpHost",
                table: "Mailboxes",
                type: "TEXT",
                maxLength: 253,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SmtpPort",
                table: "Mailboxes",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SmtpSecurity",
                table: "Mailboxes",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EmailBounceReason",
                table: "Contacts",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "EmailBouncedAtUtc",
                table: "Contacts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FormOfAddress",
                table: "Contacts",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Language",
                table: "Contacts",
                type: "TEXT",
                maxLength: 8,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ActionLinkUses",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    LinkId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    UsedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ActionLinkUses", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MessageTemplates",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MessageTemplates", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_OutboundEmails_SentByUserId_CreatedAtUtc",
                table: "OutboundEmails",
                columns: new[] { "SentByUserId", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_ActionLinkUses_LinkId",
                table: "ActionLinkUses",
                column: "LinkId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MessageTemplates_Kind_Language",
                table: "MessageTemplates",
                columns: new[] { "Kind", "Language" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ActionLinkUses");

            migrationBuilder.DropTable(
                name: "MessageTemplates");

            migrationBuilder.DropIndex(
                name: "IX_OutboundEmails_SentByUserId_CreatedAtUtc",
                table: "OutboundEmails");

            migrationBuilder.DropColumn(
                name: "ClientId",
                table: "OutboundEmails");

            migrationBuilder.DropColumn(
                name: "ContactId",
                table: "OutboundEmails");

            migrationBuilder.DropColumn(
                name: "FollowUpId",
                table: "OutboundEmails");

            migrationBuilder.DropColumn(
                name: "ReplyTo",
                table: "OutboundEmails");

            migrationBuilder.DropColumn(
                name: "SentByUserId",
                table: "OutboundEmails");

            migrationBuilder.DropColumn(
                name: "SmtpHost",
                table: "Mailboxes");

            migrationBuilder.DropColumn(
                name: "SmtpPort",
                table: "Mailboxes");

            migrationBuilder.DropColumn(
                name: "SmtpSecurity",
                table: "Mailboxes");

            migrationBuilder.DropColumn(
                name: "EmailBounceReason",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "EmailBouncedAtUtc",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "FormOfAddress",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "Language",
                table: "Contacts");
        }
    }
}
