using System.Reflection;
using Edge.Bench;

// Benchmarks are discovered by reflection so each area adds its own file without touching this one.
var benches = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToList();

if (args.Length == 0 || args[0] is "-h" or "--help" or "list")
{
    Console.WriteLine("usage: edge-bench NAME|all [--runs N] [--work DIR] [args...]");
    foreach (var b in benches)
    {
        Console.WriteLine($"  {b.Name,-24} {b.Description}");
    }
    return 0;
}

var runs = 5;
var work = Path.Combine(Path.GetTempPath(), "edge-bench");
var rest = new List<string>();
for (var i = 1; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--runs" when i + 1 < args.Length:
            runs = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            break;
        case "--work" when i + 1 < args.Length:
            work = args[++i];
            break;
        default:
            rest.Add(args[i]);
            break;
    }
}
Directory.CreateDirectory(work);
var selected = args[0] == "all" ? benches : benches.Where(b => b.Name == args[0]).ToList();
if (selected.Count == 0)
{
    Console.Error.WriteLine($"unknown benchmark '{args[0]}'; run with 'list' to see them");
    return 2;
}
var exit = 0;
foreach (var b in selected)
{
    Console.WriteLine($"== {b.Name}: {b.Description}");
    exit |= b.Run(new BenchContext(Path.Combine(work, b.Name), runs, rest));
}
return exit;
