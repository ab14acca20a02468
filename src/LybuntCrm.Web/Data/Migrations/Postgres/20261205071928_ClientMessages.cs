using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LybuntCrm.Web.Data.Migrations.Postgres
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
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ContactId",
                table: "OutboundEmails",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "FollowUpId",
                table: "OutboundEmails",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReplyTo",
                table: "OutboundEmails",
                type: "character varying(254)",
                maxLength: 254,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SentByUserId",
                table: "OutboundEmails",
                type: "character varying(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SmtpHost",
                table: "Mailboxes",
                type: "character varying(253)",
                maxLength: 253,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SmtpPort",
                table: "Mailboxes",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SmtpSecurity",
                table: "Mailboxes",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EmailBounceReason",
                table: "Contacts",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "EmailBouncedAtUtc",
                table: "Contacts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FormOfAddress",
                table: "Contacts",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Language",
                table: "Contacts",
                type: "character varying(8)",
                maxLength: 8,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ActionLinkUses",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    LinkId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    UsedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ActionLinkUses", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MessageTemplates",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Language = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedById = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true)
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
