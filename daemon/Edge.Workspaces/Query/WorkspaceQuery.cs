using Edge.Dicom.Data;

namespace Edge.Workspaces.Query;

/// <summary>
/// A C-FIND (or C-GET/C-MOVE) identifier as the index reads it: the level and the keys in request order. Builds the
/// response identifier of each match: the requested keys (unsupported ones empty), the level, and the level's
/// unique key.
/// </summary>
public sealed record WorkspaceQuery(QueryLevel Level, IReadOnlyList<QueryKey> Keys)
{
    private const string Utf8CharacterSet = "ISO_IR 192";

    public WorkspaceQuery(QueryLevel level, params QueryKey[] keys) : this(level, (IReadOnlyList<QueryKey>)keys) { }

    /// <summary>Reads the level and the keys of a decoded identifier (text decoded with its Specific Character Set).</summary>
    /// <exception cref="InvalidQueryException">The level is missing or unknown.</exception>
    public static WorkspaceQuery FromIdentifier(DicomDataset identifier)
    {
        var level = QueryLevels.Parse(identifier.GetString(DicomTags.QueryRetrieveLevel));
        var keys = new List<QueryKey>();
        foreach (var element in identifier)
        {
            var tag = element.Tag;
            if (tag == DicomTags.QueryRetrieveLevel || tag == DicomTags.SpecificCharacterSet || tag.IsGroupLength || tag.IsPrivate)
            {
                continue;
            }
            var value = element is DicomValueElement v && v.VR.IsString() && !v.Data.IsBulk ? identifier.DecodeText(v) : "";
            keys.Add(new QueryKey(tag, value));
        }
        return new WorkspaceQuery(level, keys);
    }

    /// <summary>The value of a key as requested; null when the identifier does not have it.</summary>
    public string? KeyValue(DicomTag tag) => Keys.FirstOrDefault(k => k.Tag == tag)?.Value;

    /// <summary>The attributes each match returns: the requested ones the index holds at or above the level, and the unique key.</summary>
    internal IReadOnlyList<IndexedAttribute> ReturnedAttributes()
    {
        var result = new List<IndexedAttribute>();
        foreach (var key in Keys)
        {
            if (IndexedAttributes.Find(key.Tag) is { } a && a.Level <= Level && !result.Contains(a))
            {
                result.Add(a);
            }
        }
        var unique = IndexedAttributes.Find(IndexedAttributes.UniqueKey(Level))!;
        if (!result.Contains(unique))
        {
            result.Add(unique);
        }
        return result;
    }

    /// <summary>The response identifier for a match, in UTF-8 when a value needs more than ASCII.</summary>
    public DicomDataset ToIdentifier(QueryMatch match)
    {
        var dataset = new DicomDataset();
        if (match.Values.Values.Any(v => v.Any(c => c > 0x7F)))
        {
            dataset.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, Utf8CharacterSet);
        }
        dataset.SetString(DicomTags.QueryRetrieveLevel, DicomVR.CS, Level.ToDicom());
        foreach (var key in Keys)
        {
            var attribute = IndexedAttributes.Find(key.Tag);
            if (attribute is not null && match.Values.TryGetValue(key.Tag, out var value) && value.Length > 0)
            {
                dataset.SetString(key.Tag, attribute.VR, value);
            }
            else
            {
                dataset.SetEmpty(key.Tag, attribute?.VR);
            }
        }
        var unique = IndexedAttributes.UniqueKey(Level);
        if (!dataset.Contains(unique) && match[unique] is { Length: > 0 } uid)
        {
            dataset.SetString(unique, IndexedAttributes.Find(unique)!.VR, uid);
        }
        return dataset;
    }
}
