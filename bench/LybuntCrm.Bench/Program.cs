if (args is ["today", ..]) return await LybuntCrm.Bench.TodayBench.RunAsync(args[1..]);
Console.WriteLine("Benchmarks: see docs/benchmarks.md");
return 0;
