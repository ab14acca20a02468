if (args.FirstOrDefault() == "lybunt") { await LybuntCrm.Bench.LybuntBench.RunAsync(args[1..]); return; }
Console.WriteLine("Benchmarks: see docs/benchmarks.md");
