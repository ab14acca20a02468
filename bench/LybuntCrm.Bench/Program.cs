if (args.Length > 0 && args[0] == "import") { await LybuntCrm.Bench.ImportBench.RunAsync(args[1..]); return; }
Console.WriteLine("Benchmarks: see docs/benchmarks.md");
