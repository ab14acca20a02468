if (args is ["today", ..]) return await LybuntCrm.Bench.TodayBench.RunAsync(args[1..]);
if (args is ["lybunt", ..]) { await LybuntCrm.Bench.LybuntBench.RunAsync(args[1..]); return 0; }
if (args is ["digest", ..]) { await LybuntCrm.Bench.DigestBench.RunAsync(args); return 0; }
Console.WriteLine("Benchmarks: see docs/benchmarks.md");
return 0;
