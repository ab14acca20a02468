using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Infrastructure;

public static class Startup
{
    /// <summary>
    /// Migrates the database (on SQLite after a checked copy of an existing one, which <paramref name="beforeUpgrade"/> is
    /// told of with the migrations to apply), makes sure the roles exist and creates the first admin from configuration when asked.
    /// </summary>
    public static async Task<DatabaseUpgrade> PrepareDatabaseAsync(IServiceProvider services, IConfiguration configuration,
        CancellationToken ct = default, Func<DatabaseUpgrade, Task>? beforeUpgrade = null)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var dataDirectory = Database.DataDirectory(configuration, scope.ServiceProvider.GetRequiredService<IHostEnvironment>());
        var upgrade = await DatabaseUpgrade.PrepareAsync(db, dataDirectory, scope.ServiceProvider.GetRequiredService<IClock>(), ct);
        if (upgrade.BackupPath is not null)
            scope.ServiceProvider.GetRequiredService<ILogger<DatabaseUpgrade>>()
                .LogInformation("Applying {Count} migrations after a checked copy of the database: {BackupPath}", upgrade.Pending.Count, upgrade.BackupPath);
        if (beforeUpgrade is not null) await beforeUpgrade(upgrade);
        await Database.MigrateAsync(db, ct);
        await EnsureRolesAsync(scope.ServiceProvider);

        var email = configuration["Admin:Email"];
        var password = configuration["Admin:Password"];
        if (!string.IsNullOrWhiteSpace(email) && !string.IsNullOrWhiteSpace(password) && !await db.Users.AnyAsync(ct))
        {
            var users = scope.ServiceProvider.GetRequiredService<UserAccounts>();
            var result = await users.CreateAsync(new NewUser(email, password, "Administrator", Roles.Admin));
            if (!result.Succeeded)
                throw new InvalidOperationException("Admin:Email/Admin:Password could not create the first admin: " + result.ErrorText);
        }
        return upgrade;
    }

    public static async Task EnsureRolesAsync(IServiceProvider services)
    {
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
        }
    }

    /// <summary>While no user exists, every page leads to the setup page that creates the first admin.</summary>
    public static IApplicationBuilder UseSetupRedirect(this IApplicationBuilder app)
    {
        var hasUsers = false;
        return app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (!hasUsers && !path.StartsWithSegments("/Account/Setup") && !path.StartsWithSegments("/health")
                && !path.StartsWithSegments("/lib") && !path.StartsWithSegments("/css"))
            {
                var db = context.RequestServices.GetRequiredService<CrmDbContext>();
                hasUsers = await db.Users.AnyAsync(context.RequestAborted);
                if (!hasUsers)
                {
                    context.Response.Redirect("/Account/Setup");
                    return;
                }
            }
            await next();
        });
    }
}
