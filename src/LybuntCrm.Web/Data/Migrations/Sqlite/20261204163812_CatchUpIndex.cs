using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LybuntCrm.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CatchUpIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_FollowUps_AssigneeId_Status_DueOn_Kind_PlannedOn",
                table: "FollowUps",
                columns: new[] { "AssigneeId", "Status", "DueOn", "Kind", "PlannedOn" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_FollowUps_AssigneeId_Status_DueOn_Kind_PlannedOn",
                table: "FollowUps");
        }
    }
}
