using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Handoffs;
using LybuntCrm.Web.Infrastructure.Demo;
using LybuntCrm.Web.Infrastructure.Formatting;

namespace LybuntCrm.Web.Infrastructure;

public static class CoreServicesSetup
{
    /// <summary>The clock, the audit trail, formatting and the services the pages share.</summary>
    public static IServiceCollection AddCrmCoreServices(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IClock, SystemClock>();
        services.AddHttpContextAccessor();
        services.AddScoped<Audit>();
        services.AddScoped<Changes.ClientChanges>();
        services.AddScoped<Features.Today.FollowUpActions>();
        services.AddScoped<Features.Today.FollowUpUndos>();
        services.AddScoped<Features.Clients.ClientBulkEdits>();
        services.AddScoped<Features.Clients.PersonalData.ContactPersonalData>();
        services.AddScoped<Features.Clients.BulkStatusEdits>();
        services.AddScoped<Features.Clients.ClientTagging>();
        services.AddScoped<Features.Clients.SavedViews>();
        services.AddSingleton<Features.Digest.ActionLinks>();
        services.AddMemoryCache();
        services.AddScoped<ClientTransfer>();
        services.AddScoped<DisplayFormat>();
        services.AddSingleton<HouseCurrency>();
        services.AddSingleton<PhoneRegion>();
        services.AddScoped<EnumLabels>();
        services.AddScoped<DemoData>();
        services.AddSingleton<Features.Mailboxes.MailboxPasswords>();
        services.AddScoped<Features.Mailboxes.MessageMatcher>();
        services.AddScoped<Features.Mailboxes.DeliveryReports>();
        services.AddScoped<Features.Mailboxes.MailboxSync>();
        services.AddSingleton<Features.Messages.TemplateRenderer>();
        services.AddScoped<Features.Messages.TemplateLibrary>();
        services.AddScoped<Features.Messages.ClientMessages>();
        services.AddScoped<Features.Mailboxes.MailboxAccounts>();
        services.AddScoped<Features.Clients.Duplicates.DuplicateScan>();
        services.AddScoped<Features.Clients.Duplicates.DuplicateList>();
        services.AddScoped<Features.Clients.Duplicates.ClientMerger>();
        services.AddScoped<Features.Clients.Duplicates.LikelyMatches>();
        services.AddScoped<Features.Clients.ClientForm>();
        services.AddScoped<Features.Clients.ContactForm>();
        return services;
    }
}
