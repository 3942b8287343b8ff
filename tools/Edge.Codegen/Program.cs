using Edge.Codegen;

// Writes every generated file from the standard's tables: dotnet run --project tools/Edge.Codegen -- <standard dir> [--check]
// With --check nothing is written; the exit code says whether the committed files are up to date.
if (args.Length is < 1 or > 2 || (args.Length == 2 && args[1] != "--check"))
{
    Console.Error.WriteLine("usage: Edge.Codegen <standard directory, e.g. ../shared/standard> [--check]");
    return 2;
}
var standardDir = Path.GetFullPath(args[0]);
if (!Directory.Exists(standardDir))
{
    Console.Error.WriteLine($"{standardDir} does not exist");
    return 2;
}
var repoRoot = RepoRoot.Find();
var check = args.Length == 2;
var stale = 0;
foreach (var file in GeneratedFile.All)
{
    if (check)
    {
        var difference = file.FindDifference(repoRoot, standardDir);
        if (difference is not null)
        {
            Console.Error.WriteLine(difference);
            stale++;
        }
        continue;
    }
    var target = Path.Combine(repoRoot, file.RepoPath);
    var text = file.Render(standardDir);
    var unchanged = File.Exists(target) && File.ReadAllText(target) == text;
    if (!unchanged)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.WriteAllText(target, text);
    }
    Console.WriteLine($"{(unchanged ? "unchanged" : "written  ")} {file.RepoPath}");
}
return stale == 0 ? 0 : 1;
