using System.Buffers.Binary;
using System.IO.Compression;

namespace Edge.Dicom.Data;

/// <summary>How the writer encodes what the dataset leaves open.</summary>
public sealed class DicomWriterOptions
{
    public static DicomWriterOptions Default { get; } = new();

    /// <summary>Compression level for Deflated Explicit VR Little Endian. Default Optimal (zlib level 6, as DCMTK).</summary>
    public CompressionLevel DeflateLevel { get; init; } = CompressionLevel.Optimal;
}

/// <summary>
/// Encodes a dataset in a transfer syntax. Group lengths present in the dataset are recomputed; sequences and items
/// keep the length form they were read with (defined lengths are recomputed); bulk values are copied from their
/// source in chunks, byte-swapped when the byte order changes.
/// </summary>
internal sealed class DicomWriter
{
    /// <summary>
    /// How values are laid out. <see cref="Reencode"/> is set when the syntax changes: the writer then repairs what a
    /// byte-exact copy must keep (odd value lengths; defined lengths that would hide a private sequence in implicit VR).
    /// </summary>
    private readonly record struct Encoding(bool Explicit, bool BigEndian, bool Reencode = false)
    {
        public static readonly Encoding ImplicitLE = new(false, false);
        public static Encoding Of(TransferSyntax ts, bool reencode) => new(ts.IsExplicitVR, ts.IsBigEndian, reencode);
        public Encoding AsImplicitLE() => this with { Explicit = false, BigEndian = false };
    }

    private readonly Stream _out;
    private readonly byte[] _scratch = new byte[12];

    private DicomWriter(Stream output) => _out = output;

    /// <summary>
    /// Writes a dataset. <paramref name="reencode"/> (the syntax changes) allows repairs: odd-length values padded to
    /// even as PS3.5 7.1.1 requires, private sequences given undefined lengths in implicit VR. A byte-exact copy
    /// leaves everything as it was.
    /// </summary>
    public static void WriteDataset(DicomDataset dataset, Stream output, TransferSyntax syntax, DicomWriterOptions options, bool reencode = false)
    {
        if (syntax.IsDeflated)
        {
            using var deflate = new DeflateStream(output, options.DeflateLevel, leaveOpen: true);
            using var buffered = new BufferedStream(deflate, 65536);
            new DicomWriter(buffered).WriteItems(dataset, Encoding.Of(syntax, reencode));
            buffered.Flush();
            return;
        }
        new DicomWriter(output).WriteItems(dataset, Encoding.Of(syntax, reencode));
    }

    /// <summary>The group 0002 elements: always explicit VR little endian.</summary>
    public static void WriteFileMeta(DicomDataset meta, Stream output) =>
        new DicomWriter(output).WriteItems(meta, new Encoding(true, false));

    private void WriteItems(DicomDataset ds, Encoding enc)
    {
        var elements = ds.Elements;
        bool? keepStoredGroupLengths = null;
        for (var i = 0; i < elements.Count; i++)
        {
            var e = elements[i];
            if (e.Tag.IsGroupLength && e is DicomValueElement { Length: 4 })
            {
                keepStoredGroupLengths ??= ds.ReadEncoding == (enc.Explicit, enc.BigEndian) && ds.IsUnchangedSinceRead();
                if (!keepStoredGroupLengths.Value)
                {
                    WriteGroupLength(e.Tag, GroupLength(elements, i + 1, e.Tag.Group, enc), enc);
                    continue;
                }
            }
            WriteElement(e, enc);
        }
    }

    private static uint GroupLength(IReadOnlyList<DicomElement> elements, int from, ushort group, Encoding enc)
    {
        long total = 0;
        for (var j = from; j < elements.Count && elements[j].Tag.Group == group; j++)
        {
            total += EncodedLength(elements[j], enc);
        }
        return checked((uint)total);
    }

    private void WriteGroupLength(DicomTag tag, uint length, Encoding enc)
    {
        WriteHeader(tag, DicomVR.UL, 4, enc);
        WriteUInt32(length, enc.BigEndian);
    }

    /// <summary>Bytes an element takes in <paramref name="enc"/>, header included.</summary>
    private static long EncodedLength(DicomElement e, Encoding enc)
    {
        switch (e)
        {
            case DicomValueElement v:
            {
                var length = ValueLength(v, enc);
                return HeaderLength(WireVR(v.VR, length), enc) + length;
            }
            case DicomSequence s:
            {
                var itemEnc = s.ItemsInImplicitLittleEndian ? enc.AsImplicitLE() : enc;
                var forced = NeedsUndefinedLength(s, enc);
                var undefined = s.UndefinedLength || forced;
                long total = HeaderLength(s.VR, enc) + SequenceContentLength(s, itemEnc, forceUndefinedItems: forced);
                return undefined ? total + 8 : total;
            }
            case DicomFragmentSequence f:
            {
                long total = HeaderLength(f.VR, enc) + 8 + f.OffsetTable.Length + 8;
                foreach (var frag in f.Fragments)
                {
                    total += 8 + frag.Length;
                }
                return total;
            }
            default:
                throw new DicomWriteException($"Unknown element type {e.GetType().Name}");
        }
    }

    /// <summary>The value length of a sequence of defined length, as this writer encodes it.</summary>
    internal static long SequenceLength(DicomSequence s, bool explicitVR, bool bigEndian) =>
        SequenceContentLength(s, s.ItemsInImplicitLittleEndian ? Encoding.ImplicitLE : new Encoding(explicitVR, bigEndian));

    /// <summary>The content length of an item of defined length, as this writer encodes it.</summary>
    internal static long ItemLength(DicomDataset item, bool explicitVR, bool bigEndian) => DatasetLength(item, new Encoding(explicitVR, bigEndian));

    private static long SequenceContentLength(DicomSequence s, Encoding itemEnc, bool forceUndefinedItems = false)
    {
        long total = 0;
        foreach (var item in s.Items)
        {
            total += 8 + DatasetLength(item, itemEnc) + (item.UndefinedLength || forceUndefinedItems ? 8 : 0);
        }
        return total;
    }

    private static long DatasetLength(DicomDataset ds, Encoding enc)
    {
        long total = 0;
        foreach (var e in ds.Elements)
        {
            total += EncodedLength(e, enc);
        }
        return total;
    }

    private static long ValueLength(DicomValueElement v, Encoding enc) => enc.Reencode && (v.Length & 1) == 1 ? v.Length + 1 : v.Length;

    private static int HeaderLength(DicomVR vr, Encoding enc) => !enc.Explicit ? 8 : vr.HasLongLength() ? 12 : 8;

    /// <summary>A short-length VR cannot carry more than 65,534 bytes in explicit VR; such values go as UN.</summary>
    private static DicomVR WireVR(DicomVR vr, long length) =>
        !vr.IsKnown() ? DicomVR.UN : (!vr.HasLongLength() && length > 0xFFFF ? DicomVR.UN : vr);

    private void WriteElement(DicomElement e, Encoding enc)
    {
        switch (e)
        {
            case DicomValueElement v:
            {
                var length = ValueLength(v, enc);
                var vr = WireVR(v.VR, length);
                WriteHeader(v.Tag, vr, checked((uint)length), enc);
                var swapUnit = v.VR.SwapUnit();
                if (v.Data.Bulk is { } bulk)
                {
                    bulk.CopyTo(_out, swapUnit, enc.BigEndian);
                }
                else if (enc.BigEndian && swapUnit > 1)
                {
                    _out.Write(ByteSwap.Copy(v.Data.Memory.Span, swapUnit));
                }
                else
                {
                    _out.Write(v.Data.Memory.Span);
                }
                if (length != v.Length)
                {
                    _out.WriteByte(v.VR.PaddingByte());
                }
                return;
            }
            case DicomSequence s:
            {
                var itemEnc = s.ItemsInImplicitLittleEndian ? enc.AsImplicitLE() : enc;
                var forced = NeedsUndefinedLength(s, enc);
                var undefined = s.UndefinedLength || forced;
                var length = undefined ? DicomReader.UndefinedLength : checked((uint)SequenceContentLength(s, itemEnc));
                WriteHeader(s.Tag, s.VR, length, enc);
                foreach (var item in s.Items)
                {
                    var itemUndefined = item.UndefinedLength || forced;
                    var itemLength = itemUndefined ? DicomReader.UndefinedLength : checked((uint)DatasetLength(item, itemEnc));
                    WriteTagAndLength(DicomTag.Item, itemLength, itemEnc);
                    WriteItems(item, itemEnc);
                    if (itemUndefined)
                    {
                        WriteTagAndLength(DicomTag.ItemDelimitationItem, 0, itemEnc);
                    }
                }
                if (undefined)
                {
                    WriteTagAndLength(DicomTag.SequenceDelimitationItem, 0, itemEnc);
                }
                return;
            }
            case DicomFragmentSequence f:
            {
                WriteHeader(f.Tag, f.VR, DicomReader.UndefinedLength, enc);
                WriteFragment(f.OffsetTable, enc);
                foreach (var frag in f.Fragments)
                {
                    WriteFragment(frag, enc);
                }
                WriteTagAndLength(DicomTag.SequenceDelimitationItem, 0, enc);
                return;
            }
        }
    }

    /// <summary>
    /// In implicit VR a reader learns that an element is a sequence only from its dictionary, or from an undefined
    /// length: a sequence the standard dictionary does not call SQ (private, or unknown) is written with undefined
    /// lengths so that any reader still sees its items.
    /// </summary>
    private static bool NeedsUndefinedLength(DicomSequence s, Encoding enc) =>
        enc.Reencode && !enc.Explicit && !s.ItemsInImplicitLittleEndian && (s.Tag.IsPrivate || DicomDictionary.Lookup(s.Tag)?.VR != DicomVR.SQ);

    private void WriteFragment(DicomValueData data, Encoding enc)
    {
        WriteTagAndLength(DicomTag.Item, checked((uint)data.Length), enc);
        if (data.Bulk is { } bulk)
        {
            bulk.CopyTo(_out, 1, enc.BigEndian);
        }
        else
        {
            _out.Write(data.Memory.Span);
        }
    }

    private void WriteTagAndLength(DicomTag tag, uint length, Encoding enc)
    {
        var s = _scratch.AsSpan(0, 8);
        WriteTag(s, tag, enc.BigEndian);
        if (enc.BigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(s[4..], length);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(s[4..], length);
        }
        _out.Write(s);
    }

    private void WriteHeader(DicomTag tag, DicomVR vr, uint length, Encoding enc)
    {
        if (!enc.Explicit)
        {
            WriteTagAndLength(tag, length, enc);
            return;
        }
        var s = _scratch.AsSpan();
        WriteTag(s, tag, enc.BigEndian);
        s[4] = (byte)((ushort)vr >> 8);
        s[5] = (byte)vr;
        if (vr.HasLongLength())
        {
            s[6] = 0;
            s[7] = 0;
            if (enc.BigEndian)
            {
                BinaryPrimitives.WriteUInt32BigEndian(s[8..], length);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(s[8..], length);
            }
            _out.Write(s[..12]);
            return;
        }
        if (enc.BigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(s[6..], (ushort)length);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(s[6..], (ushort)length);
        }
        _out.Write(s[..8]);
    }

    private static void WriteTag(Span<byte> s, DicomTag tag, bool bigEndian)
    {
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(s, tag.Group);
            BinaryPrimitives.WriteUInt16BigEndian(s[2..], tag.Element);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(s, tag.Group);
            BinaryPrimitives.WriteUInt16LittleEndian(s[2..], tag.Element);
        }
    }

    private void WriteUInt32(uint value, bool bigEndian)
    {
        var s = _scratch.AsSpan(0, 4);
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(s, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(s, value);
        }
        _out.Write(s);
    }
}
