namespace Edge.Dicom.Data;

/// <summary>
/// The bytes of one value: in memory (little endian, exactly as encoded otherwise, padding included) or, above the
/// reader's threshold, a reference into the source that the writer copies through.
/// </summary>
public readonly struct DicomValueData
{
    public DicomValueData(ReadOnlyMemory<byte> memory)
    {
        Memory = memory;
        Bulk = null;
    }

    public DicomValueData(BulkDataRef bulk)
    {
        Memory = ReadOnlyMemory<byte>.Empty;
        Bulk = bulk;
    }

    public ReadOnlyMemory<byte> Memory { get; }
    public BulkDataRef? Bulk { get; }
    public bool IsBulk => Bulk is not null;
    public long Length => Bulk?.Length ?? Memory.Length;

    public static DicomValueData Empty => new(ReadOnlyMemory<byte>.Empty);
}

/// <summary>A data element: a tag, its VR as encoded (or resolved, for implicit VR), and a value.</summary>
public abstract class DicomElement(DicomTag tag, DicomVR vr)
{
    public DicomTag Tag { get; } = tag;
    public DicomVR VR { get; } = vr;

    public override string ToString() => $"{Tag} {VR.Code()}";
}

/// <summary>An element holding bytes (every VR but SQ, and not encapsulated).</summary>
public sealed class DicomValueElement : DicomElement
{
    public DicomValueElement(DicomTag tag, DicomVR vr, DicomValueData data) : base(tag, vr) => Data = data;

    public DicomValueElement(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> bytes) : this(tag, vr, new DicomValueData(bytes)) { }

    public DicomValueData Data { get; }
    public long Length => Data.Length;

    /// <summary>The value in memory; a bulk value is loaded, so call this only for values known to be small.</summary>
    public ReadOnlyMemory<byte> GetBytes() => Data.Bulk is { } b ? b.ReadAll(VR.SwapUnit()) : Data.Memory;
}

/// <summary>A sequence of items. <see cref="UndefinedLength"/> records how it was encoded so a round trip is exact.</summary>
public sealed class DicomSequence : DicomElement
{
    public DicomSequence(DicomTag tag, DicomVR vr = DicomVR.SQ) : base(tag, vr) { }

    public List<DicomDataset> Items { get; } = [];

    /// <summary>The dataset this sequence sits in; items inherit its Specific Character Set.</summary>
    public DicomDataset? Owner { get; internal set; }

    public bool UndefinedLength { get; set; } = true;

    /// <summary>How many items the source had; -1 when built in memory.</summary>
    internal int ItemCountAsRead { get; set; } = -1;

    /// <summary>
    /// True for a UN element of undefined length: PS3.5 6.2.2 says its items are encoded in implicit VR little endian
    /// whatever the transfer syntax, so the writer keeps them so.
    /// </summary>
    public bool ItemsInImplicitLittleEndian => VR == DicomVR.UN;

    public DicomSequence AddItem(DicomDataset item)
    {
        item.Parent = Owner;
        Items.Add(item);
        return this;
    }
}

/// <summary>
/// Encapsulated data (PS3.5 A.4): an undefined-length element holding items — the basic offset table first, then
/// fragments — each kept as read (bulk above the threshold).
/// </summary>
public sealed class DicomFragmentSequence(DicomTag tag, DicomVR vr) : DicomElement(tag, vr)
{
    /// <summary>The first item: the basic offset table (often empty).</summary>
    public DicomValueData OffsetTable { get; set; } = DicomValueData.Empty;

    public List<DicomValueData> Fragments { get; } = [];
}
