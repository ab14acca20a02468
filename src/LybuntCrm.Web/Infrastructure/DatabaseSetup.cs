using LybuntCrm.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Infrastructure;

public static class DatabaseSetup
{
    /// <summary>The database context on SQLite or PostgreSQL (<c>Database:Provider</c>), the search cache and the database health check.</summary>
    public static IServiceCollection AddCrmDatabase(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddSingleton(sp => new ClientSearchCache(sp.GetRequiredService<Microsoft.Extensions.Caching.Memory.IMemoryCache>(),
            configuration.GetValue("Search:CacheEntries", ClientSearchCache.DefaultCapacity)));
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        var connectionString = Database.ConnectionString(configuration, environment);
        if (Database.Provider(configuration) == DatabaseProvider.Postgres)
        {
            services.AddDbContext<CrmDbContext, PostgresCrmDbContext>(o => o
                .UseNpgsql(connectionString, npgsql => npgsql.CommandTimeout(120)));
            return services;
        }

        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (!string.IsNullOrEmpty(file) && file != ":memory:")
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        var pragmas = new SqlitePragmas(configuration.GetValue<long?>("Database:MaxPageCount"),
            configuration.GetValue("Database:MmapMegabytes", SqlitePragmas.DefaultMmapMegabytes));
        services.AddDbContext<CrmDbContext, SqliteCrmDbContext>(o => o
            .UseSqlite(connectionString, sqlite => sqlite.CommandTimeout(60))
            .AddInterceptors(pragmas));
        return services;
    }
}
