using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Edge.Pixels.Interop;

/// <summary>
/// Checks once per library that it loads and exports what its wrapper calls, so a missing Debian package surfaces
/// as a <see cref="NativeLibraryUnavailableException"/> naming it rather than a DllNotFoundException mid-call.
/// </summary>
internal static class NativeLibraryProbe
{
    private static readonly ConcurrentDictionary<string, Exception?> s_results = new(StringComparer.Ordinal);

    /// <exception cref="NativeLibraryUnavailableException">The library or one of <paramref name="symbols"/> is missing.</exception>
    public static void Require(string library, string package, params string[] symbols)
    {
        var failure = s_results.GetOrAdd(library, _ => Probe(library, symbols));
        if (failure is not null)
        {
            throw new NativeLibraryUnavailableException(library, package, failure);
        }
    }

    private static Exception? Probe(string library, string[] symbols)
    {
        if (!NativeLibrary.TryLoad(library, typeof(NativeLibraryProbe).Assembly, null, out var handle))
        {
            return new DllNotFoundException($"{library} could not be loaded");
        }
        foreach (var symbol in symbols)
        {
            if (!NativeLibrary.TryGetExport(handle, symbol, out _))
            {
                return new EntryPointNotFoundException($"{library} has no export {symbol}");
            }
        }
        return null;
    }
}
