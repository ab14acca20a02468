using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LybuntCrm.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ClientSortKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SortKey",
                table: "Clients",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            // Existing clients: their folded name is the start of their search text (the text before the first " | ", or all
            // of it), the same folding the app applies to every name it saves from now on.
            migrationBuilder.Sql("""
                UPDATE "Clients" SET "SortKey" = substr(CASE WHEN instr("SearchText", ' | ') > 0 THEN substr("SearchText", 1, instr("SearchText", ' | ') - 1) ELSE "SearchText" END, 1, 200);
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Clients_SortKey_Id",
                table: "Clients",
                columns: new[] { "SortKey", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Clients_SortKey_Id",
                table: "Clients");

            migrationBuilder.DropColumn(
                name: "SortKey",
                table: "Clients");
        }
    }
}
