using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LybuntCrm.Web.Data.Migrations.Postgres
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
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "",
                collation: "C");

            // Existing clients: their folded name is the start of their search text (the text before the first " | ", or all
            // of it), the same folding the app applies to every name it saves from now on.
            migrationBuilder.Sql("""
                UPDATE "Clients" SET "SortKey" = left(CASE WHEN strpos("SearchText", ' | ') > 0 THEN left("SearchText", strpos("SearchText", ' | ') - 1) ELSE "SearchText" END, 200);
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
