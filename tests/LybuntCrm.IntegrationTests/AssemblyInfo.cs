// Test classes run in parallel: each app owns its database file (or PostgreSQL database), data directory, job storage,
// logger and search cache. Tests spend part of their time waiting on SQLite writes and loopback sockets, so two threads
// per core of the 2-core machine finished sooner than one (2 m 41 s against 3 m 06 s for the SQLite pass) for the same
// processor time. Tests that start app processes run alone afterwards (SeparateProcesses).
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerClass, MaxParallelThreads = 4)]
