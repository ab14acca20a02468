using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using LybuntCrm.Web.Infrastructure.Security;

namespace LybuntCrm.Web.Infrastructure.Jobs;

/// <summary>
/// Hangfire, with its storage owned by the app's service provider. Hangfire.AspNetCore registers
/// <see cref="JobStorage"/> as <c>JobStorage.Current</c>, a process-wide static, unless one is registered first; the
/// storage and job activator are registered here before <c>AddHangfire</c>, and the configuration callback never calls
/// <c>UseStorage</c>, so the clients, the recurring job manager, the server and the dashboard all use this app's storage
/// and two apps in one process (the integration tests) never share jobs.
/// </summary>
public static class JobsSetup
{
    public static IServiceCollection AddCrmJobs(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment,
        bool runServer)
    {
        services.AddSingleton<JobStorage>(provider =>
        {
            // Serializer settings are applied by the configuration callback; make sure it ran before any job is stored.
            provider.GetRequiredService<IGlobalConfiguration>();
            return CreateStorage(configuration, environment);
        });
        services.AddSingleton<JobActivator>(provider => new AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire(c => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        if (runServer)
            services.AddHangfireServer(o => o.WorkerCount = configuration.GetValue("Jobs:Workers", 2));

        foreach (var job in RecurringJobs.All) services.AddScoped(job.JobType);
        services.AddScoped<JobRunner>();
        return services;
    }

    /// <summary>
    /// Jobs re-derive their work from the database, so in-memory storage is safe for one instance; several instances
    /// share PostgreSQL storage so each recurring job runs once.
    /// </summary>
    private static JobStorage CreateStorage(IConfiguration configuration, IHostEnvironment environment)
    {
        if (Database.Provider(configuration) != DatabaseProvider.Postgres)
            return new InMemoryStorage(new InMemoryStorageOptions { IdType = InMemoryStorageIdType.Long });
        var options = new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(Database.ConnectionString(configuration, environment), options), options);
    }

    /// <summary>Declares the recurring jobs (<see cref="RecurringJobs.All"/>) on the app's storage, on the configured time zone.</summary>
    public static void RegisterRecurringJobs(this WebApplication app) =>
        RecurringJobs.Register(app.Services.GetRequiredService<IRecurringJobManager>(),
            TimeZones.Find(app.Configuration["Jobs:TimeZone"] ?? "UTC"));

    /// <summary>The Hangfire dashboard for admins; it reads the storage the app's service provider holds.</summary>
    public static IEndpointConventionBuilder MapCrmJobsDashboard(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHangfireDashboardWithAuthorizationPolicy(Policies.Admin, "/admin/jobs", new DashboardOptions
        {
            Authorization = [],
            DashboardTitle = "LybuntCrm jobs",
            AppPath = "/Admin",
        });
}
