using Edge.Dicom.Data;

namespace Edge.Workspaces.Query;

/// <summary>
/// A C-FIND (or C-GET/C-MOVE) identifier as the index reads it: the level, the keys in request order and the
/// options of the association it came on. Builds the response identifier of each match (PS3.4 C.4.1.1.3.2): the
/// requested keys (unsupported ones empty), the level, the Retrieve AE Title, and the unique keys of the level and
/// of the levels above it in the model.
/// </summary>
public sealed record WorkspaceQuery(QueryLevel Level, IReadOnlyList<QueryKey> Keys)
{
    private const string Utf8CharacterSet = "ISO_IR 192";

    public WorkspaceQuery(QueryLevel level, params QueryKey[] keys) : this(level, (IReadOnlyList<QueryKey>)keys) { }

    public QueryOptions Options { get; init; } = new();

    /// <summary>
    /// Reads the level and the keys of a decoded identifier (text decoded with its Specific Character Set). A sequence
    /// key has at most one item, whose simple keys are matched against the stored items.
    /// </summary>
    /// <exception cref="InvalidQueryException">The level is missing, unknown or not in the model, or a sequence key has several items.</exception>
    public static WorkspaceQuery FromIdentifier(DicomDataset identifier, QueryOptions? options = null)
    {
        options ??= new QueryOptions();
        var level = QueryLevels.Parse(identifier.GetString(DicomTags.QueryRetrieveLevel));
        if (options.Model is { } model && level < model.TopLevel())
        {
            throw new InvalidQueryException($"The {level.ToDicom()} level is not part of the {model} information model.");
        }
        var keys = new List<QueryKey>();
        foreach (var element in identifier)
        {
            if (element.Tag != DicomTags.QueryRetrieveLevel && element.Tag != DicomTags.SpecificCharacterSet && IsKey(element))
            {
                keys.Add(ReadKey(identifier, element, nested: false));
            }
        }
        return new WorkspaceQuery(level, keys) { Options = options };
    }

    private static bool IsKey(DicomElement element) => !element.Tag.IsGroupLength && !element.Tag.IsPrivate;

    private static QueryKey ReadKey(DicomDataset owner, DicomElement element, bool nested)
    {
        if (element is DicomSequence sequence)
        {
            if (sequence.Items.Count > 1)
            {
                throw new InvalidQueryException($"The sequence key {element.Tag} must have at most one item (PS3.4 C.2.2.2.6).");
            }
            // Within an item only simple keys are matched; a nested sequence is returned empty.
            var itemKeys = nested || sequence.Items.Count == 0
                ? []
                : sequence.Items[0].Where(IsKey).Select(e => ReadKey(sequence.Items[0], e, nested: true)).ToList();
            return new QueryKey(element.Tag) { VR = DicomVR.SQ, ItemKeys = itemKeys };
        }
        var value = element is DicomValueElement v && v.VR.IsString() && !v.Data.IsBulk ? owner.DecodeText(v) : "";
        return new QueryKey(element.Tag, value) { VR = element.VR };
    }

    /// <summary>The value of a key as requested; null when the identifier does not have it.</summary>
    public string? KeyValue(DicomTag tag) => Keys.FirstOrDefault(k => k.Tag == tag)?.Value;

    /// <summary>The attributes each match returns from the index: the requested ones at or above the level, and the unique keys.</summary>
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
        foreach (var tag in IndexedAttributes.UniqueKeys(Level, Options.Model))
        {
            var unique = IndexedAttributes.Find(tag)!;
            if (!result.Contains(unique))
            {
                result.Add(unique);
            }
        }
        return result;
    }

    /// <summary>The response identifier for a match, in UTF-8 when a value needs more than ASCII.</summary>
    public DicomDataset ToIdentifier(QueryMatch match)
    {
        var dataset = new DicomDataset();
        var texts = match.Values.Values.Concat(match.Sequences.Values.SelectMany(items => items.SelectMany(i => i.Select(v => v.Value))));
        if (texts.Any(v => v.Any(c => c > 0x7F)))
        {
            dataset.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, Utf8CharacterSet);
        }
        dataset.SetString(DicomTags.QueryRetrieveLevel, DicomVR.CS, Level.ToDicom());
        if (Options.RetrieveAeTitle is { } retrieveAe)
        {
            dataset.SetString(DicomTags.RetrieveAETitle, DicomVR.AE, retrieveAe);
        }
        foreach (var key in Keys)
        {
            if (key.Tag == DicomTags.RetrieveAETitle && Options.RetrieveAeTitle is not null)
            {
                continue;
            }
            if (key.IsSequence)
            {
                SetSequence(dataset, key.Tag, match.Sequences.GetValueOrDefault(key.Tag) ?? []);
                continue;
            }
            var attribute = IndexedAttributes.Find(key.Tag);
            var vr = attribute?.VR ?? key.VR;
            if (match.Values.TryGetValue(key.Tag, out var value) && value.Length > 0)
            {
                dataset.SetString(key.Tag, vr ?? DicomDictionary.ImplicitVR(key.Tag), value);
            }
            else
            {
                dataset.SetEmpty(key.Tag, vr);
            }
        }
        foreach (var unique in IndexedAttributes.UniqueKeys(Level, Options.Model))
        {
            if (!dataset.Contains(unique) && match[unique] is { Length: > 0 } uid)
            {
                dataset.SetString(unique, IndexedAttributes.Find(unique)!.VR, uid);
            }
        }
        return dataset;
    }

    private static void SetSequence(DicomDataset dataset, DicomTag tag, IReadOnlyList<IReadOnlyList<QueryItemValue>> items)
    {
        var sequence = new DicomSequence(tag);
        // Attached first, so that each item encodes its text with the response's character set.
        dataset.Set(sequence);
        foreach (var values in items)
        {
            var item = new DicomDataset();
            sequence.AddItem(item);
            foreach (var v in values)
            {
                if (v.Value.Length > 0 && v.VR != DicomVR.SQ)
                {
                    item.SetString(v.Tag, v.VR, v.Value);
                }
                else
                {
                    item.SetEmpty(v.Tag, v.VR);
                }
            }
        }
    }
}
