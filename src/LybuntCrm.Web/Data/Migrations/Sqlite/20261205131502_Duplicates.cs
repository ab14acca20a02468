using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LybuntCrm.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Duplicates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "MergedIntoId",
                table: "Clients",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ClientMerges",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    KeptClientId = table.Column<int>(type: "INTEGER", nullable: false),
                    AbsorbedClientId = table.Column<int>(type: "INTEGER", nullable: false),
                    MergedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    MergedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    KeptBefore = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    AbsorbedExternalId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    UndoneAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    UndoneById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClientMerges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ClientMerges_Clients_AbsorbedClientId",
                        column: x => x.AbsorbedClientId,
                        principalTable: "Clients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ClientMerges_Clients_KeptClientId",
                        column: x => x.KeptClientId,
                        principalTable: "Clients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DuplicatePairs",
                columns: table => new
                {
                    ClientAId = table.Column<int>(type: "INTEGER", nullable: false),
                    ClientBId = table.Column<int>(type: "INTEGER", nullable: false),
                    Score = table.Column<int>(type: "INTEGER", nullable: false),
                    Reasons = table.Column<int>(type: "INTEGER", maxLength: 32, nullable: false),
                    NameSimilarity = table.Column<int>(type: "INTEGER", nullable: false),
                    FoundAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DuplicatePairs", x => new { x.ClientAId, x.ClientBId });
                    table.ForeignKey(
                        name: "FK_DuplicatePairs_Clients_ClientAId",
                        column: x => x.ClientAId,
                        principalTable: "Clients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_DuplicatePairs_Clients_ClientBId",
                        column: x => x.ClientBId,
                        principalTable: "Clients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "NotDuplicatePairs",
                columns: table => new
                {
                    ClientAId = table.Column<int>(type: "INTEGER", nullable: false),
                    ClientBId = table.Column<int>(type: "INTEGER", nullable: false),
                    MarkedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    MarkedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NotDuplicatePairs", x => new { x.ClientAId, x.ClientBId });
                    table.ForeignKey(
                        name: "FK_NotDuplicatePairs_Clients_ClientAId",
                        column: x => x.ClientAId,
                        principalTable: "Clients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_NotDuplicatePairs_Clients_ClientBId",
                        column: x => x.ClientBId,
                        principalTable: "Clients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ClientMergeRows",
                columns: table => new
                {
                    MergeId = table.Column<int>(type: "INTEGER", nullable: false),
                    Change = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    RowId = table.Column<long>(type: "INTEGER", nullable: false),
                    Previous = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClientMergeRows", x => new { x.MergeId, x.Change, x.RowId });
                    table.ForeignKey(
                        name: "FK_ClientMergeRows_ClientMerges_MergeId",
                        column: x => x.MergeId,
                        principalTable: "ClientMerges",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Clients_MergedIntoId",
                table: "Clients",
                column: "MergedIntoId");

            migrationBuilder.CreateIndex(
                name: "IX_ClientMerges_AbsorbedClientId",
                table: "ClientMerges",
                column: "AbsorbedClientId");

            migrationBuilder.CreateIndex(
                name: "IX_ClientMerges_KeptClientId",
                table: "ClientMerges",
                column: "KeptClientId");

            migrationBuilder.CreateIndex(
                name: "IX_DuplicatePairs_ClientBId",
                table: "DuplicatePairs",
                column: "ClientBId");

            migrationBuilder.CreateIndex(
                name: "IX_DuplicatePairs_Score_ClientAId_ClientBId",
                table: "DuplicatePairs",
                columns: new[] { "Score", "ClientAId", "ClientBId" });

            migrationBuilder.CreateIndex(
                name: "IX_NotDuplicatePairs_ClientBId",
                table: "NotDuplicatePairs",
                column: "ClientBId");

            migrationBuilder.AddForeignKey(
                name: "FK_Clients_Clients_MergedIntoId",
                table: "Clients",
                column: "MergedIntoId",
                principalTable: "Clients",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Clients_Clients_MergedIntoId",
                table: "Clients");

            migrationBuilder.DropTable(
                name: "ClientMergeRows");

            migrationBuilder.DropTable(
                name: "DuplicatePairs");

            migrationBuilder.DropTable(
                name: "NotDuplicatePairs");

            migrationBuilder.DropTable(
                name: "ClientMerges");

            migrationBuilder.DropIndex(
                name: "IX_Clients_MergedIntoId",
                table: "Clients");

            migrationBuilder.DropColumn(
                name: "MergedIntoId",
                table: "Clients");
        }
    }
}
