namespace Edge.Pixels.Codecs.Jpeg;

/// <summary>
/// Builds a JPEG Huffman table for given symbol frequencies (the idea of ITU T.81 K.2-K.3): code lengths from a
/// Huffman tree that includes one reserved pseudo-symbol so no real code is all ones, lengths capped at 16.
/// </summary>
internal static class HuffmanCodeBuilder
{
    private const int MaxLength = 16;

    public sealed record Table(byte[] Counts, byte[] Symbols, (int Code, int Length)[] Codes);

    public static Table Build(IReadOnlyList<long> frequencies)
    {
        var symbols = Enumerable.Range(0, frequencies.Count).Where(s => frequencies[s] > 0).ToList();
        var pseudo = frequencies.Count;
        // Groups of leaves merged so far, with their total weight; each merge deepens every leaf in both groups.
        var groups = symbols.Select(s => (Weight: frequencies[s], Leaves: new List<int> { s })).ToList();
        groups.Add((1, [pseudo]));
        var depth = new int[frequencies.Count + 1];
        while (groups.Count > 1)
        {
            groups.Sort((a, b) => a.Weight != b.Weight ? a.Weight.CompareTo(b.Weight) : b.Leaves.Max().CompareTo(a.Leaves.Max()));
            var merged = (groups[0].Weight + groups[1].Weight, groups[0].Leaves.Concat(groups[1].Leaves).ToList());
            foreach (var leaf in merged.Item2)
            {
                depth[leaf]++;
            }
            groups.RemoveRange(0, 2);
            groups.Add(merged);
        }

        var counts = new int[64];
        foreach (var s in symbols.Append(pseudo))
        {
            counts[depth[s]]++;
        }
        LimitLengths(counts);
        // The pseudo-symbol takes the last (all-ones) code of the longest length; drop it.
        for (var l = MaxLength; l > 0; l--)
        {
            if (counts[l] > 0)
            {
                counts[l]--;
                break;
            }
        }

        // Shortest codes to the most frequent symbols.
        var ordered = symbols.OrderByDescending(s => frequencies[s]).ThenBy(s => s).ToArray();
        var codes = new (int Code, int Length)[frequencies.Count];
        var code = 0;
        var k = 0;
        for (var l = 1; l <= MaxLength; l++)
        {
            for (var i = 0; i < counts[l]; i++, k++)
            {
                codes[ordered[k]] = (code++, l);
            }
            code <<= 1;
        }
        return new Table([.. counts.Skip(1).Take(MaxLength).Select(c => (byte)c)], [.. ordered.Select(s => (byte)s)], codes);
    }

    /// <summary>Moves codes longer than 16 bits up the tree, keeping the code space full (T.81 K.3's adjustment).</summary>
    private static void LimitLengths(int[] counts)
    {
        for (var i = counts.Length - 1; i > MaxLength; i--)
        {
            while (counts[i] > 0)
            {
                var j = i - 2;
                while (counts[j] == 0)
                {
                    j--;
                }
                counts[i] -= 2;
                counts[i - 1]++;
                counts[j + 1] += 2;
                counts[j]--;
            }
        }
    }
}
