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
            if (PasskeyAddress.Configured(configuration) is not { } address) return;
            options.ServerDomain = address.IdnHost;
            var expectedOrigin = PasskeyAddress.Origin(address);
            options.ValidateOrigin = context => ValueTask.FromResult(
                !context.CrossOrigin && string.Equals(context.Origin, expectedOrigin, StringComparison.OrdinalIgnoreCase));
        });
        services.AddScoped<PasskeySignIn>();
        return services;
    }
}
