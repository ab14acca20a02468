using System.Globalization;
using System.Threading.RateLimiting;
using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using LybuntCrm.Web;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Import;
using LybuntCrm.Web.Features.Today;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Cli;
using LybuntCrm.Web.Infrastructure.Email;
using LybuntCrm.Web.Infrastructure.Formatting;
using LybuntCrm.Web.Infrastructure.Jobs;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Serilog;

var verb = CommandLine.Verb(args);
var builder = WebApplication.CreateBuilder(verb is null ? args : CommandLine.ConfigurationArguments(args));

builder.Host.UseSerilog((context, services, log) => log
    .ReadFrom.Configuration(context.Configuration)
    .Enrich.FromLogContext()
    .Enrich.With<LineBreakEscapingEnricher>()
    .WriteTo.Console(formatProvider: CultureInfo.InvariantCulture)
    .WriteTo.File(
        Path.Combine(Database.DataDirectory(context.Configuration, context.HostingEnvironment), "logs", "lybunt-.log"),
        rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14, formatProvider: CultureInfo.InvariantCulture));

var services = builder.Services;
services.AddSingleton(TimeProvider.System);
services.AddSingleton<IClock, SystemClock>();
services.AddHttpContextAccessor();
services.AddCrmDatabase(builder.Configuration, builder.Environment);
ClientSearchIndex.CacheCapacity = builder.Configuration.GetValue("Search:CacheEntries", ClientSearchIndex.CacheCapacity);
services.AddScoped<Audit>();
services.AddScoped<LybuntCrm.Web.Infrastructure.Changes.ClientChanges>();
services.AddMemoryCache();
services.AddCrmEmail(builder.Configuration);
services.AddScoped<LybuntCrm.Web.Features.Handoffs.ClientTransfer>();
services.AddScoped<DisplayFormat>();

services.AddIdentity<AppUser, IdentityRole>(o =>
    {
        o.Password.RequiredLength = 10;
        o.Password.RequireNonAlphanumeric = false;
        o.Password.RequireUppercase = false;
        o.Password.RequireLowercase = false;
        o.Password.RequireDigit = false;
        o.Lockout.MaxFailedAccessAttempts = 5;
        o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        o.Lockout.AllowedForNewUsers = true;
        o.User.RequireUniqueEmail = true;
    })
    .AddEntityFrameworkStores<CrmDbContext>()
    .AddClaimsPrincipalFactory<AppClaimsFactory>()
    .AddDefaultTokenProviders();
services.AddScoped<UserAccounts>();
services.AddScoped<LybuntCrm.Web.Infrastructure.Demo.DemoData>();
services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
services.ConfigureApplicationCookie(o =>
{
    o.LoginPath = "/Account/Login";
    o.LogoutPath = "/Account/Logout";
    o.AccessDeniedPath = "/Account/AccessDenied";
    o.Cookie.Name = "lybunt.auth";
    o.Cookie.HttpOnly = true;
    o.Cookie.SameSite = SameSiteMode.Lax;
    o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
    o.SlidingExpiration = true;
    o.ExpireTimeSpan = TimeSpan.FromHours(12);
    // A refused request answers 403 (rendered by the status code page) instead of redirecting.
    o.Events.OnRedirectToAccessDenied = context =>
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    };
});
services.AddDataProtection().SetApplicationName("LybuntCrm").PersistKeysToDbContext<CrmDbContext>();
services.AddAntiforgery(o =>
{
    o.Cookie.Name = "lybunt.af";
    o.Cookie.SameSite = SameSiteMode.Strict;
    // Antiforgery's default is never Secure; mark it Secure whenever the request came over HTTPS, as the sign-in cookie is.
    o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
});

services.AddAuthorizationBuilder()
    .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
    .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin));

services.AddLocalization(o => o.ResourcesPath = "Resources");
services.AddRazorPages(o =>
    {
        o.RootDirectory = "/Features";
        o.Conventions.AuthorizeFolder("/Admin", Policies.Admin);
        o.Conventions.AuthorizeFolder("/Import", Policies.Admin);
        o.Conventions.AllowAnonymousToPage("/Account/Login");
        o.Conventions.AllowAnonymousToPage("/Account/Setup");
        o.Conventions.AllowAnonymousToPage("/Account/AccessDenied");
        o.Conventions.AllowAnonymousToPage("/Error");
        o.Conventions.AllowAnonymousToPage("/StatusCode");
        o.Conventions.AllowAnonymousToPage("/Account/Language");
    })
    .AddViewLocalization()
    .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)))
    .AddMvcOptions(o =>
    {
        o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
        o.Filters.Add<LocalizedModelErrorsFilter>();
        var form = o.ValueProviderFactories.OfType<Microsoft.AspNetCore.Mvc.ModelBinding.FormValueProviderFactory>().Single();
        o.ValueProviderFactories[o.ValueProviderFactories.IndexOf(form)] = new InvariantFormValueProviderFactory();
    });
services.Configure<RequestLocalizationOptions>(o =>
{
    // Persian with the Gregorian calendar: Solar Hijri is a display choice (DisplayFormat), never what forms parse.
    o.SupportedCultures = CultureScope.All;
    o.SupportedUICultures = CultureScope.All;
    o.DefaultRequestCulture = new RequestCulture(CultureScope.Resolve("en"));
    o.RequestCultureProviders.Insert(0, new UserCultureProvider());
});

services.AddRateLimiter(o =>
{
    o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
    o.AddPolicy(Policies.Login, context => RateLimitPartition.GetFixedWindowLimiter(
        context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
        _ => new FixedWindowRateLimiterOptions { PermitLimit = 20, Window = TimeSpan.FromMinutes(1) }));
});
services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");

services.AddHangfire(c =>
{
    c.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
        .UseSimpleAssemblyNameTypeSerializer()
        .UseRecommendedSerializerSettings();
    // Jobs re-derive their work from the database, so in-memory storage is safe for one instance;
    // several instances share PostgreSQL storage so each recurring job runs once.
    if (Database.Provider(builder.Configuration) == DatabaseProvider.Postgres)
        c.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(Database.ConnectionString(builder.Configuration, builder.Environment)),
            new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true });
    else
        c.UseInMemoryStorage(new InMemoryStorageOptions { IdType = InMemoryStorageIdType.Long });
});
if (verb is null && builder.Configuration.GetValue("Jobs:RunServer", true))
    services.AddHangfireServer(o => o.WorkerCount = builder.Configuration.GetValue("Jobs:Workers", 2));
services.AddCrmJobs();
services.AddCrmCommands();
services.AddCrmImport(builder.Configuration);

var app = builder.Build();

if (verb is not null)
{
    Environment.ExitCode = await CommandLine.RunAsync(app.Services, args);
    return;
}

await Startup.PrepareDatabaseAsync(app.Services, app.Configuration);
RecurringJobs.Register(app.Services.GetRequiredService<IRecurringJobManager>(),
    TimeZones.Find(app.Configuration["Jobs:TimeZone"] ?? "UTC"));

// Proxy headers are honoured from loopback proxies only (the default known proxies): the scheme marks cookies Secure,
// and the client address keeps the sign-in rate limit per client rather than one bucket for everyone behind the proxy.
// Nothing grants access by address, so a request from loopback gets no more rights than any other.
app.UseForwardedHeaders(new ForwardedHeadersOptions
{
    ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto,
});
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error");
    app.UseHsts();
}
else
{
    app.UseDeveloperExceptionPage();
}
app.UseStatusCodePagesWithReExecute("/StatusCode", "?code={0}");
app.UseSecurityHeaders();
app.UseSerilogRequestLogging();
app.UseStaticFiles();
app.UseRouting();
app.UseRateLimiter();
app.UseSetupRedirect();
app.UseAuthentication();
// After authentication, so a signed-in user's language (a claim) wins over the cookie and the browser.
app.UseRequestLocalization();
app.UseAuthorization();

app.MapHealthChecks("/health").AllowAnonymous();
app.MapRazorPages();
app.MapCalendarFeed();
app.MapHangfireDashboardWithAuthorizationPolicy(Policies.Admin, "/admin/jobs", new DashboardOptions
{
    Authorization = [],
    DashboardTitle = "LybuntCrm jobs",
    AppPath = "/Admin",
});

app.Run();

public partial class Program;
