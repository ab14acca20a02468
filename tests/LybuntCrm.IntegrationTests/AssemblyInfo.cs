// Test classes run in parallel: each app owns its database file (or PostgreSQL database), data directory, job storage
// and search cache. Two threads keep both cores busy while a test waits on a database or a socket; more only add
// contention on a 2-core machine. Tests that start app processes run alone (SeparateProcesses).
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerClass, MaxParallelThreads = 2)]
