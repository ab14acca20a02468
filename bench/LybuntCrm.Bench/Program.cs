using System.Diagnostics;
using System.Globalization;
using LybuntCrm.Bench;

// Reproducible benchmarks for LybuntCrm; see docs/benchmarks.md.
//   generate --clients 1000000 --out /tmp/bench.db [--seed 42] [--today 2026-06-15]
//   load --url http://127.0.0.1:5090 --connections 16 --seconds 20 --paths /health /Clients "/Clients?q=nguyen"
//   api-purchases --url http://127.0.0.1:5090 --token lyb_… --purchases 1000 --concurrency 8
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

// Feature benchmarks, each with its own data generator.
if (args is ["today", ..]) return await TodayBench.RunAsync(args[1..]);
if (args is ["lybunt", ..]) { await LybuntBench.RunAsync(args[1..]); return 0; }
if (args is ["digest", ..]) { await DigestBench.RunAsync(args); return 0; }
if (args is ["import", ..]) { await ImportBench.RunAsync(args[1..]); return 0; }
if (args is ["import-clients", ..]) { await ImportBench.RunClientsAsync(args[1..]); return 0; }
if (args is ["mailbox", ..]) { await MailboxBench.RunAsync(args); return 0; }
if (args is ["templates", ..]) { TemplateBench.Run(args); return 0; }
if (args is ["compose", ..]) return await ComposeBench.RunAsync(args[1..]);
if (args is ["bulk", ..]) return await BulkBench.RunAsync(args[1..]);
if (args is ["duplicates", ..]) { await DuplicatesBench.RunAsync(args[1..]); return 0; }
if (args is ["export", ..]) { await ExportBench.RunAsync(args[1..]); return 0; }
if (args is ["api-purchases", ..]) return await ApiPurchasesBench.RunAsync(args[1..]);

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine("""
        usage:
          generate --clients N --out FILE [--seed 42] [--today 2026-06-15]
          load --url URL [--connections 16] [--seconds 20] [--warmup 2] [--email E] [--password P] [--token API_TOKEN] --paths PATH...
          api-purchases --url URL --token API_TOKEN [--purchases 1000] [--concurrency 8] [--clients 100000]
          explain --db FILE [--q TEXT] [--sort Name|LastPurchase|NextCheckIn] [--after CURSOR]
          lybunt | today | digest | import | import-clients | mailbox | templates | compose | bulk | duplicates | export    feature benchmarks (see docs/benchmarks.md)
        """);
    return 1;
}

var options = Options.Parse(args.Skip(1).ToArray());
var watch = Stopwatch.StartNew();
switch (args[0])
{
    case "generate":
        await Generator.RunAsync(
            options.Int("clients", 1_000_000), options.Required("out"), options.Int("seed", 42),
            DateOnly.Parse(options.Get("today") ?? "2026-06-15", CultureInfo.InvariantCulture));
        break;
    case "load":
        await LoadTest.RunAsync(options.Required("url"), options.Int("connections", 16), options.Int("seconds", 20), options.Int("warmup", 2),
            options.Get("email") ?? Generator.AdminEmail, options.Get("password") ?? Generator.Password, options.List("paths"), options.Get("token"));
        break;
    case "explain":
        await Explain.RunAsync(options.Required("db"), options.Get("q"),
            Enum.Parse<LybuntCrm.Web.Features.Clients.ClientSort>(options.Get("sort") ?? "Name"), options.Get("after"));
        break;
    default:
        Console.Error.WriteLine($"Unknown command '{args[0]}'.");
        return 1;
}
Console.WriteLine($"Done in {watch.Elapsed:hh\\:mm\\:ss}.");
return 0;

namespace LybuntCrm.Bench
{
    internal sealed class Options
    {
        private readonly Dictionary<string, List<string>> _values = new(StringComparer.OrdinalIgnoreCase);

        public static Options Parse(string[] args)
        {
            var o = new Options();
            List<string>? current = null;
            foreach (var arg in args)
            {
                if (arg.StartsWith("--", StringComparison.Ordinal))
                {
                    current = [];
                    o._values[arg[2..]] = current;
                }
                else
                {
                    current?.Add(arg);
                }
            }
            return o;
        }

        public string? Get(string name) => _values.TryGetValue(name, out var v) && v.Count > 0 ? v[0] : null;
        public string Required(string name) => Get(name) ?? throw new ArgumentException($"--{name} is required.");
        public int Int(string name, int fallback) => Get(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

        public IReadOnlyList<string> List(string name) =>
            _values.TryGetValue(name, out var v) ? v.SelectMany(x => x.Split(',', StringSplitOptions.RemoveEmptyEntries)).ToList() : [];
    }
}
