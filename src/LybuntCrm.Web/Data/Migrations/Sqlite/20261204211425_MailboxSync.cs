using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LybuntCrm.Web.Data.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Source",
                table: "Touchpoints",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "Manual");

            migrationBuilder.AddColumn<string>(
                name: "Subject",
                table: "Touchpoints",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "ExcludedFromSync",
                table: "Contacts",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "EmailDomain",
                table: "Clients",
                type: "TEXT",
                maxLength: 253,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Mailboxes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", nullable: true),
                    Host = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false),
                    Port = table.Column<int>(type: "INTEGER", nullable: false),
                    Security = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    ProtectedPassword = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastAttemptAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastSuccessAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastMatched = table.Column<int>(type: "INTEGER", nullable: false),
                    TotalMatched = table.Column<int>(type: "INTEGER", nullable: false),
                    Problem = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ProblemDetail = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ConsecutiveFailures = table.Column<int>(type: "INTEGER", nullable: false),
                    SyncLeaseUntilUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
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
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ClientId = table.Column<int>(type: "INTEGER", nullable: false),
                    MessageKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RemovedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
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
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MailboxId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    UidValidity = table.Column<long>(type: "INTEGER", nullable: false),
                    LastUid = table.Column<long>(type: "INTEGER", nullable: false)
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
