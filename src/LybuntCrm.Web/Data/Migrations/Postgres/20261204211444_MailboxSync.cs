using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LybuntCrm.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class MailboxSync : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Mailbox sync finds contacts by address whatever its case: an index on the lower-cased address.
            migrationBuilder.Sql("CREATE INDEX \"IX_Contacts_EmailLower\" ON \"Contacts\" (lower(\"Email\"));");

            migrationBuilder.AddColumn<string>(
                name: "MessageKey",
                table: "Touchpoints",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Source",
                table: "Touchpoints",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Manual");

            migrationBuilder.AddColumn<string>(
                name: "Subject",
                table: "Touchpoints",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "ExcludedFromSync",
                table: "Contacts",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "EmailDomain",
                table: "Clients",
                type: "character varying(253)",
                maxLength: 253,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Mailboxes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<string>(type: "text", nullable: true),
                    Host = table.Column<string>(type: "character varying(253)", maxLength: 253, nullable: false),
                    Port = table.Column<int>(type: "integer", nullable: false),
                    Security = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    UserName = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    ProtectedPassword = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastAttemptAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastSuccessAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastMatched = table.Column<int>(type: "integer", nullable: false),
                    TotalMatched = table.Column<int>(type: "integer", nullable: false),
                    Problem = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ProblemDetail = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ConsecutiveFailures = table.Column<int>(type: "integer", nullable: false),
                    SyncLeaseUntilUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Mailboxes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Mailboxes_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RemovedSyncedMessages",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ClientId = table.Column<int>(type: "integer", nullable: false),
                    MessageKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RemovedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RemovedSyncedMessages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RemovedSyncedMessages_Clients_ClientId",
                        column: x => x.ClientId,
                        principalTable: "Clients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MailboxFolders",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MailboxId = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    UidValidity = table.Column<long>(type: "bigint", nullable: false),
                    LastUid = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MailboxFolders", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MailboxFolders_Mailboxes_MailboxId",
                        column: x => x.MailboxId,
                        principalTable: "Mailboxes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Touchpoints_ClientId_MessageKey",
                table: "Touchpoints",
                columns: new[] { "ClientId", "MessageKey" },
                unique: true,
                filter: "\"MessageKey\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Clients_EmailDomain",
                table: "Clients",
                column: "EmailDomain");

            migrationBuilder.CreateIndex(
                name: "IX_Mailboxes_UserId",
                table: "Mailboxes",
                column: "UserId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MailboxFolders_MailboxId_Name",
                table: "MailboxFolders",
                columns: new[] { "MailboxId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RemovedSyncedMessages_ClientId_MessageKey",
                table: "RemovedSyncedMessages",
                columns: new[] { "ClientId", "MessageKey" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX \"IX_Contacts_EmailLower\";");

            migrationBuilder.DropTable(
                name: "MailboxFolders");

            migrationBuilder.DropTable(
                name: "RemovedSyncedMessages");

            migrationBuilder.DropTable(
                name: "Mailboxes");

            migrationBuilder.DropIndex(
                name: "IX_Touchpoints_ClientId_MessageKey",
                table: "Touchpoints");

            migrationBuilder.DropIndex(
                name: "IX_Clients_EmailDomain",
                table: "Clients");

            migrationBuilder.DropColumn(
                name: "MessageKey",
                table: "Touchpoints");

            migrationBuilder.DropColumn(
                name: "Source",
                table: "Touchpoints");

            migrationBuilder.DropColumn(
                name: "Subject",
                table: "Touchpoints");

            migrationBuilder.DropColumn(
                name: "ExcludedFromSync",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "EmailDomain",
                table: "Clients");
        }
    }
}
