if (args.Length > 0 && args[0] == "digest") { await LybuntCrm.Bench.DigestBench.RunAsync(args); return; }
Console.WriteLine("Benchmarks: see docs/benchmarks.md");
