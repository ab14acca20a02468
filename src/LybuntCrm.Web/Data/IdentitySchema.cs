using Microsoft.AspNetCore.Identity;

namespace LybuntCrm.Web.Data;

/// <summary>
/// The version of Identity's tables the database holds (3 adds AspNetUserPasskeys). Identity reads it from the app's
/// <see cref="IdentityOptions"/> when it builds the model; contexts made without the app (the EF tools, the migration
/// tests, command-line work) get it from <see cref="Services"/>, so every context sees the same model.
/// </summary>
public static class IdentitySchema
{
    public static readonly Version Version = IdentitySchemaVersions.Version3;

    /// <summary>A service provider that holds only the Identity store options.</summary>
    public static IServiceProvider Services { get; } = new ServiceCollection()
        .Configure<IdentityOptions>(o => o.Stores.SchemaVersion = Version)
        .BuildServiceProvider();
}
