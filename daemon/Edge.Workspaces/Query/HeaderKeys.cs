using Edge.Dicom;
using Edge.Dicom.Data;

namespace Edge.Workspaces.Query;

/// <summary>
/// The keys of a query that the index does not keep, answered from the header of each match's first instance (the
/// workspace's files are the truth; study and series attributes are the same in each of their instances). Simple
/// keys match as <see cref="ValueMatching"/> does; a sequence key matches when one item of the stored sequence
/// matches all its item keys (PS3.4 C.2.2.2.6), and the response carries those items.
/// </summary>
internal sealed class HeaderKeys
{
    /// <summary>Attributes a request carries that describe the query itself, not the instances.</summary>
    private static readonly HashSet<DicomTag> s_notInstanceAttributes =
        [DicomTags.RetrieveAETitle, DicomTags.QueryRetrieveView, DicomTags.StorageMediaFileSetID, DicomTags.StorageMediaFileSetUID];

    private readonly string _directory;
    private readonly IReadOnlyList<QueryKey> _keys;
    private readonly DicomReaderOptions _readOptions;

    private HeaderKeys(string directory, IReadOnlyList<QueryKey> keys)
    {
        _directory = Path.GetFullPath(directory);
        _keys = keys;
        // Read no further than the last tag asked for; large values stay on disk.
        var last = keys.Max(k => k.Tag.Value);
        _readOptions = new DicomReaderOptions { StopAtTag = last < uint.MaxValue ? new DicomTag(last + 1) : null };
    }

    /// <summary>The header keys of a query; null when it has none or the options give no instance directory.</summary>
    public static HeaderKeys? For(WorkspaceQuery query)
    {
        if (query.Options.InstanceDirectory is not { } directory)
        {
            return null;
        }
        var keys = query.Keys.Where(k => IsHeaderKey(k.Tag) && AttributeLevels.IsAnsweredAt(k.Tag, query.Level)).ToList();
        return keys.Count == 0 ? null : new HeaderKeys(directory, keys);
    }

    /// <summary>Keys neither indexed nor about the query itself.</summary>
    public static bool IsHeaderKey(DicomTag tag) => IndexedAttributes.Find(tag) is null && !s_notInstanceAttributes.Contains(tag);

    /// <summary>The values of the keys in the instance, or null when it does not match them.</summary>
    /// <param name="relativePath">The instance's path in the workspace, as the index holds it.</param>
    /// <exception cref="InvalidQueryException">A date or time key is malformed.</exception>
    public HeaderValues? Evaluate(string relativePath)
    {
        var header = Read(relativePath);
        var values = new Dictionary<DicomTag, string>();
        var sequences = new Dictionary<DicomTag, IReadOnlyList<IReadOnlyList<QueryItemValue>>>();
        foreach (var key in _keys)
        {
            if (key.ItemKeys is { } itemKeys)
            {
                var items = header?.GetSequence(key.Tag)?.Items ?? [];
                var matching = items.Where(item => ItemMatches(item, itemKeys)).ToList();
                if (matching.Count == 0 && !key.IsUniversal)
                {
                    return null;
                }
                sequences[key.Tag] = matching.Select(item => Project(item, itemKeys)).ToList();
                continue;
            }
            var (vr, text) = TextOf(header, key);
            // Binary values are returned empty and not matched: an unsupported optional key (PS3.4 C.2.2.1.3).
            if (text is not null && !ValueMatching.Matches(vr, key.Value, text))
            {
                return null;
            }
            values[key.Tag] = text ?? "";
        }
        return new HeaderValues(values, sequences);
    }

    private DicomDataset? Read(string relativePath)
    {
        var full = Path.GetFullPath(Path.Combine(_directory, relativePath));
        if (!full.StartsWith(_directory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return null;
        }
        try
        {
            using var file = DicomFile.Open(full, _readOptions);
            return file.Dataset;
        }
        catch (Exception ex) when (ex is DicomException or IOException or UnauthorizedAccessException)
        {
            // Replaced or purged since the index row was read: the entity has no values to match or return.
            return null;
        }
    }

    /// <summary>The decoded text of a key's attribute ('' when absent), or null text when the attribute is not text.</summary>
    private static (DicomVR VR, string? Text) TextOf(DicomDataset? dataset, QueryKey key)
    {
        var element = dataset?.Get(key.Tag);
        var vr = element?.VR ?? key.VR ?? DicomDictionary.ImplicitVR(key.Tag);
        if (!vr.IsString())
        {
            return (vr, null);
        }
        return (vr, element is DicomValueElement { Data.IsBulk: false } v ? dataset!.DecodeText(v) : "");
    }

    /// <summary>Every simple item key matches the item (nested sequences are returned, not matched).</summary>
    private static bool ItemMatches(DicomDataset item, IReadOnlyList<QueryKey> itemKeys)
    {
        foreach (var key in itemKeys.Where(k => !k.IsSequence))
        {
            var (vr, text) = TextOf(item, key);
            if (text is not null && !ValueMatching.Matches(vr, key.Value, text))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The item's values for the item keys; every text value of the item when the request item was empty.</summary>
    private static List<QueryItemValue> Project(DicomDataset item, IReadOnlyList<QueryKey> itemKeys)
    {
        if (itemKeys.Count == 0)
        {
            return item.OfType<DicomValueElement>()
                .Where(e => e.VR.IsString() && !e.Data.IsBulk && !e.Tag.IsPrivate && !e.Tag.IsGroupLength)
                .Select(e => new QueryItemValue(e.Tag, e.VR, item.DecodeText(e)))
                .ToList();
        }
        return itemKeys.Select(k =>
        {
            if (k.IsSequence)
            {
                return new QueryItemValue(k.Tag, DicomVR.SQ, "");
            }
            var (vr, text) = TextOf(item, k);
            return new QueryItemValue(k.Tag, vr, text ?? "");
        }).ToList();
    }
}

/// <summary>What one instance's header answered: simple values and the items of sequence keys.</summary>
internal sealed record HeaderValues(
    IReadOnlyDictionary<DicomTag, string> Values,
    IReadOnlyDictionary<DicomTag, IReadOnlyList<IReadOnlyList<QueryItemValue>>> Sequences);
