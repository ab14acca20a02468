using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LybuntCrm.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class WorkingDays : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "WorkingDays",
                table: "AspNetUsers",
                type: "integer",
                nullable: false,
                defaultValue: 62);

            // Monday–Friday for everyone (bits by DayOfWeek, Sunday = 0); Saturday–Wednesday for Persian profiles.
            migrationBuilder.Sql("""UPDATE "AspNetUsers" SET "WorkingDays" = 79 WHERE "Culture" = 'fa'""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "WorkingDays",
                table: "AspNetUsers");
        }
    }
}
