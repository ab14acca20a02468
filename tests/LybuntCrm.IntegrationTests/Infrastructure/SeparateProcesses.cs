namespace LybuntCrm.IntegrationTests.Infrastructure;

/// <summary>
/// Tests that start the app as separate processes (<see cref="AppProcess"/>): each start costs a whole process's JIT and
/// start-up, some kill a process at a chosen moment or load it for a fixed time, and all of them need the two cores to
/// themselves to behave as in production. They run one after another, after the parallel classes.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SeparateProcesses
{
    public const string Name = "Separate app processes";

    /// <summary>The trait that marks them, so the inner loop (scripts/test.sh --fast) can leave them to the full run.</summary>
    public const string Trait = "Runs";
}
