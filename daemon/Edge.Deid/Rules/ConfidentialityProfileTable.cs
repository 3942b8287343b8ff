using System.Collections.Frozen;
using Edge.Dicom.Data;

namespace Edge.Deid.Rules;

/// <summary>
/// One edition of PS3.15 Table E.1-1, generated into Generated/ConfidentialityProfile{edition}.Generated.cs. Lookups are
/// one hash probe for exact tags, then the few masked rows ((50XX,XXXX), (60XX,3000), (60XX,4000)). Private attributes
/// are not in <see cref="Rows"/>: the table's "(GGGG,EEEE) where GGGG is odd" row is <see cref="PrivateAttributesRow"/>.
/// </summary>
public abstract class ConfidentialityProfileTable
{
    private readonly FrozenDictionary<uint, ProfileRow> _exact;
    private readonly ProfileRow[] _masked;

    protected ConfidentialityProfileTable(string edition, IReadOnlyList<ProfileRow> rows, ProfileRow privateAttributesRow)
    {
        Edition = edition;
        Rows = rows;
        PrivateAttributesRow = privateAttributesRow;
        _exact = rows.Where(r => !r.IsMasked).ToFrozenDictionary(r => r.Tag.Value);
        _masked = rows.Where(r => r.IsMasked).ToArray();
    }

    /// <summary>The standard's edition, such as "2024b".</summary>
    public string Edition { get; }

    /// <summary>Every row that names a tag, in tag order.</summary>
    public IReadOnlyList<ProfileRow> Rows { get; }

    /// <summary>The row for all private attributes; its mask matches every odd group.</summary>
    public ProfileRow PrivateAttributesRow { get; }

    /// <summary>The row for a public tag, or null when the table does not list it (private tags included).</summary>
    public ProfileRow? Lookup(DicomTag tag)
    {
        if (_exact.TryGetValue(tag.Value, out var row))
        {
            return row;
        }
        foreach (var r in _masked)
        {
            if (r.Matches(tag))
            {
                return r;
            }
        }
        return null;
    }

    protected static IReadOnlyDictionary<DeidOption, DeidAction> NoOptions { get; } =
        FrozenDictionary<DeidOption, DeidAction>.Empty;

    protected static IReadOnlyDictionary<DeidOption, DeidAction> Options(params ReadOnlySpan<(DeidOption Option, DeidAction Action)> options)
    {
        var map = new Dictionary<DeidOption, DeidAction>(options.Length);
        foreach (var (option, action) in options)
        {
            map.Add(option, action);
        }
        return map.ToFrozenDictionary();
    }
}
