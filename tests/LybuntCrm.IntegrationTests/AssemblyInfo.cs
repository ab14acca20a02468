// Hangfire keeps its job storage in a process-wide static (JobStorage.Current), so two apps under test at once could
// enqueue into each other's storage; test classes run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
