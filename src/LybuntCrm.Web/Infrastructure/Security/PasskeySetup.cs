using LybuntCrm.Web.Features.Account;
using Microsoft.AspNetCore.Identity;

namespace LybuntCrm.Web.Infrastructure.Security;

public static class PasskeySetup
{
    /// <summary>
    /// Passkeys (WebAuthn) through Identity's own support. The relying party (the domain a passkey belongs to) and the
    /// origin a browser must report come from <c>App:BaseUrl</c> when it is set, so that behind a reverse proxy a passkey
    /// is made for the public address and not for the host name the proxy uses to reach the app.
    /// </summary>
    public static IServiceCollection AddCrmPasskeys(this IServiceCollection services)
    {
        services.AddOptions<IdentityPasskeyOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            // Sign-in without typing an email needs the passkey to be stored on the authenticator (a discoverable credential).
            options.ResidentKeyRequirement = "required";
            options.UserVerificationRequirement = "required";
            // The origin the browser signed must be the app's own: the configured public address, or else the address
            // this request came to (after the proxy's X-Forwarded-Proto). Never another site's, never from a frame.
            var configured = PasskeyAddress.Configured(configuration);
            if (configured is not null) options.ServerDomain = configured.IdnHost;
            var expectedOrigin = configured is null ? null : PasskeyAddress.Origin(configured);
            options.ValidateOrigin = context => ValueTask.FromResult(!context.CrossOrigin && string.Equals(
                context.Origin, expectedOrigin ?? PasskeyAddress.Origin(context.HttpContext.Request), StringComparison.OrdinalIgnoreCase));
        });
        services.AddScoped<PasskeySignIn>();
        return services;
    }
}
