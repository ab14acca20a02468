using System.Runtime.CompilerServices;

namespace LybuntCrm.IntegrationTests.Infrastructure;

internal static class TestProcessSetup
{
    /// <summary>
    /// File watchers poll instead of taking an inotify instance: every app under test watches its content root and is
    /// never quite released, and the kernel allows only 128 instances per user, shared with every other process of that
    /// user, which parallel test classes would exhaust. Set once, before any test starts, and never changed.
    /// </summary>
    [ModuleInitializer]
    internal static void UsePollingFileWatchers() => Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
}
