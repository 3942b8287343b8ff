namespace Edge.Bench;

/// <summary>
/// One benchmark: Edge against a reference tool (DCMTK, gdcm, Orthanc) on the same data in the same run, reported
/// as MB/s, instances/s, the median of several runs, and the ratio Edge / reference.
/// </summary>
public interface IBenchmark
{
    /// <summary>Name used on the command line: <c>dotnet run --project bench/Edge.Bench -c Release -- NAME</c>.</summary>
    string Name { get; }

    string Description { get; }

    /// <summary>Runs the benchmark, printing its report; returns 0, or non-zero when it could not run.</summary>
    int Run(BenchContext context);
}

/// <summary>Shared settings: where to put data, how many runs, and the binaries under test.</summary>
public sealed record BenchContext(string WorkDir, int Runs, IReadOnlyList<string> Arguments);
