using System.Globalization;

namespace Edge.Control.Tests.Support;

/// <summary>This test process's credentials, read from /proc (independently of the code under test).</summary>
internal static class CurrentProcess
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Status = new(() =>
        File.ReadAllLines("/proc/self/status")
            .Select(l => l.Split(':', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1].Trim(), StringComparer.Ordinal));

    /// <summary>Effective uid (the second of real, effective, saved, filesystem).</summary>
    public static uint UserId => Field("Uid", 1);

    public static uint GroupId => Field("Gid", 1);

    public static IReadOnlyList<uint> SupplementaryGroups =>
        Status.Value["Groups"].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(g => uint.Parse(g, CultureInfo.InvariantCulture)).ToList();

    public static bool IsRoot => UserId == 0;

    private static uint Field(string name, int index) =>
        uint.Parse(Status.Value[name].Split('\t', ' ')[index], CultureInfo.InvariantCulture);
}
