using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Edge.Dicom.Data;

/// <summary>How much of each value <see cref="DicomDump"/> prints.</summary>
public sealed class DicomDumpOptions
{
    public static DicomDumpOptions Default { get; } = new();

    /// <summary>Values printed longer than this many characters are cut with "..." (dcmdump's default is 64); 0 prints all.</summary>
    public int MaxValueChars { get; init; } = 64;

    /// <summary>Values longer than this many bytes are not read at all and print "(not loaded)" (dcmdump -M uses 4096).</summary>
    public long MaxLoadBytes { get; init; } = 4096;
}

/// <summary>
/// Prints a dataset one element per line in dcmdump's layout — tag, VR, value, then "# length, multiplicity keyword" —
/// so admins used to DCMTK read it at once and tests can compare the two line by line.
/// </summary>
public static class DicomDump
{
    public static void Write(DicomFile file, TextWriter output, DicomDumpOptions? options = null)
    {
        var o = options ?? DicomDumpOptions.Default;
        output.WriteLine();
        if (file.HasFileMeta)
        {
            output.WriteLine("# Dicom-File-Format");
            output.WriteLine();
            output.WriteLine("# Dicom-Meta-Information-Header");
            output.WriteLine("# Used TransferSyntax: Little Endian Explicit");
            WriteDataset(file.FileMeta, output, 0, o);
            output.WriteLine();
        }
        output.WriteLine("# Dicom-Data-Set");
        output.WriteLine($"# Used TransferSyntax: {file.TransferSyntax.Name}");
        WriteDataset(file.Dataset, output, 0, o);
    }

    public static string ToText(DicomFile file, DicomDumpOptions? options = null)
    {
        using var sw = new StringWriter(CultureInfo.InvariantCulture);
        Write(file, sw, options);
        return sw.ToString();
    }

    private static void WriteDataset(DicomDataset ds, TextWriter output, int depth, DicomDumpOptions o)
    {
        foreach (var e in ds)
        {
            switch (e)
            {
                case DicomSequence s:
                {
                    var form = s.UndefinedLength ? "undefined" : "explicit";
                    Line(output, depth, e.Tag, e.VR.Code(), $"(Sequence with {form} length #={s.Items.Count})",
                        s.UndefinedLength ? "u/l" : SequenceLengthText(ds, s), 1, Keyword(ds, e.Tag));
                    foreach (var item in s.Items)
                    {
                        var itemForm = item.UndefinedLength ? "undefined" : "explicit";
                        Line(output, depth + 1, DicomTag.Item, "na", $"(Item with {itemForm} length #={item.Count})",
                            item.UndefinedLength ? "u/l" : ItemLengthText(s, item), 1, "Item");
                        WriteDataset(item, output, depth + 2, o);
                        Line(output, depth + 1, DicomTag.ItemDelimitationItem, "na",
                            item.UndefinedLength ? "(ItemDelimitationItem)" : "(ItemDelimitationItem for re-encoding)", "0", 0, "ItemDelimitationItem");
                    }
                    Line(output, depth, DicomTag.SequenceDelimitationItem, "na",
                        s.UndefinedLength ? "(SequenceDelimitationItem)" : "(SequenceDelimitationItem for re-encod.)", "0", 0, "SequenceDelimitationItem");
                    break;
                }
                case DicomFragmentSequence f:
                {
                    // Encapsulated data is OB whatever VR the file wrote (PS3.5 A.4); dcmdump shows it so too.
                    Line(output, depth, e.Tag, "OB", $"(PixelSequence #={f.Fragments.Count + 1})", "u/l", 1, Keyword(ds, e.Tag));
                    foreach (var frag in f.Fragments.Prepend(f.OffsetTable))
                    {
                        Line(output, depth + 1, DicomTag.Item, "pi", frag.Length == 0 ? "(no value available)" : FormatBinary(frag, DicomVR.OB, o), frag.Length.ToString(CultureInfo.InvariantCulture), 1, "Item");
                    }
                    Line(output, depth, DicomTag.SequenceDelimitationItem, "na", "(SequenceDelimitationItem)", "0", 0, "SequenceDelimitationItem");
                    break;
                }
                case DicomValueElement v:
                {
                    var (text, vm) = FormatValue(ds, v, o);
                    Line(output, depth, e.Tag, e.VR.Code(), text, v.Length.ToString(CultureInfo.InvariantCulture), vm, Keyword(ds, e.Tag));
                    break;
                }
            }
        }
    }

    private static string SequenceLengthText(DicomDataset owner, DicomSequence s)
    {
        var (explicitVR, bigEndian) = owner.ReadEncoding ?? (true, false);
        return DicomWriter.SequenceLength(s, explicitVR, bigEndian).ToString(CultureInfo.InvariantCulture);
    }

    private static string ItemLengthText(DicomSequence s, DicomDataset item)
    {
        var (explicitVR, bigEndian) = s.ItemsInImplicitLittleEndian ? (false, false) : item.ReadEncoding ?? (true, false);
        return DicomWriter.ItemLength(item, explicitVR, bigEndian).ToString(CultureInfo.InvariantCulture);
    }

    private static string Keyword(DicomDataset ds, DicomTag tag)
    {
        if (tag.IsPrivateCreator)
        {
            return "PrivateCreator";
        }
        if (tag.IsPrivate)
        {
            var creator = ds.GetPrivateCreator(tag);
            return creator is not null && DicomDictionary.LookupPrivate(creator, tag) is { } p ? p.Name : "Unknown Tag & Data";
        }
        if (tag.IsGroupLength)
        {
            return "GenericGroupLength";
        }
        var entry = DicomDictionary.Lookup(tag);
        return entry is { Keyword.Length: > 0 } ? entry.Keyword : "Unknown Tag & Data";
    }

    private static void Line(TextWriter output, int depth, DicomTag tag, string vr, string value, string length, long vm, string keyword)
    {
        var sb = new StringBuilder();
        sb.Append(' ', depth * 2);
        sb.Append(CultureInfo.InvariantCulture, $"({tag.Group:x4},{tag.Element:x4}) {vr} {value}");
        var pad = 55 + depth * 2 - sb.Length;
        if (pad > 0)
        {
            sb.Append(' ', pad);
        }
        sb.Append(CultureInfo.InvariantCulture, $" # {length,3},{vm,2} {keyword}");
        output.WriteLine(sb.ToString());
    }

    private static (string Text, long VM) FormatValue(DicomDataset ds, DicomValueElement v, DicomDumpOptions o)
    {
        // Byte-stream VRs (OB, OW, UN, ...) hold one value however long; dcmdump counts them so.
        var size = v.VR.BinaryValueSize();
        var streamVR = size == 0 && !v.VR.IsString();
        if (v.Length == 0)
        {
            return ("(no value available)", streamVR ? 1 : 0);
        }
        if (v.VR.IsString())
        {
            if (v.Length > o.MaxLoadBytes && o.MaxLoadBytes > 0)
            {
                return ("(not loaded)", 1);
            }
            // As dcmdump: trailing spaces (and a UID's NUL) are padding; other bytes are printed as they are.
            var text = ds.CharacterSet.Decode(v.GetBytes().Span, v.VR).TrimEnd(' ');
            if (v.VR == DicomVR.UI)
            {
                text = text.TrimEnd('\0');
            }
            if (text.Length == 0)
            {
                return ("(no value available)", 0);
            }
            var vm = v.VR.IsMultiValuedString() ? text.Split('\\').Length : 1;
            return ("[" + Cut(text, o) + "]", vm);
        }
        var count = size > 0 ? v.Length / size : 1;
        if (v.Length > o.MaxLoadBytes && o.MaxLoadBytes > 0)
        {
            return ("(not loaded)", count);
        }
        return (Cut(FormatBinary(v.Data, v.VR, o), o), count);
    }

    private static string Cut(string s, DicomDumpOptions o) =>
        o.MaxValueChars > 0 && s.Length > o.MaxValueChars ? s[..(o.MaxValueChars - 3)] + "..." : s;

    private static string FormatBinary(DicomValueData data, DicomVR vr, DicomDumpOptions o)
    {
        if (data.Length > o.MaxLoadBytes && o.MaxLoadBytes > 0)
        {
            return "(not loaded)";
        }
        var bytes = data.Bulk is { } b ? b.ReadAll(vr.SwapUnit()) : data.Memory.ToArray();
        var span = bytes.AsSpan();
        var parts = new List<string>();
        var inv = CultureInfo.InvariantCulture;
        switch (vr)
        {
            case DicomVR.US:
                for (var i = 0; i + 2 <= span.Length; i += 2) parts.Add(BinaryPrimitives.ReadUInt16LittleEndian(span[i..]).ToString(inv));
                break;
            case DicomVR.SS:
                for (var i = 0; i + 2 <= span.Length; i += 2) parts.Add(BinaryPrimitives.ReadInt16LittleEndian(span[i..]).ToString(inv));
                break;
            case DicomVR.UL:
                for (var i = 0; i + 4 <= span.Length; i += 4) parts.Add(BinaryPrimitives.ReadUInt32LittleEndian(span[i..]).ToString(inv));
                break;
            case DicomVR.SL:
                for (var i = 0; i + 4 <= span.Length; i += 4) parts.Add(BinaryPrimitives.ReadInt32LittleEndian(span[i..]).ToString(inv));
                break;
            case DicomVR.UV:
                for (var i = 0; i + 8 <= span.Length; i += 8) parts.Add(BinaryPrimitives.ReadUInt64LittleEndian(span[i..]).ToString(inv));
                break;
            case DicomVR.SV:
                for (var i = 0; i + 8 <= span.Length; i += 8) parts.Add(BinaryPrimitives.ReadInt64LittleEndian(span[i..]).ToString(inv));
                break;
            case DicomVR.FL or DicomVR.OF:
                for (var i = 0; i + 4 <= span.Length; i += 4) parts.Add(BinaryPrimitives.ReadSingleLittleEndian(span[i..]).ToString("G9", inv));
                break;
            case DicomVR.FD or DicomVR.OD:
                for (var i = 0; i + 8 <= span.Length; i += 8) parts.Add(BinaryPrimitives.ReadDoubleLittleEndian(span[i..]).ToString("G17", inv));
                break;
            case DicomVR.AT:
                for (var i = 0; i + 4 <= span.Length; i += 4)
                {
                    parts.Add(string.Create(inv, $"({BinaryPrimitives.ReadUInt16LittleEndian(span[i..]):x4},{BinaryPrimitives.ReadUInt16LittleEndian(span[(i + 2)..]):x4})"));
                }
                break;
            case DicomVR.OW:
                for (var i = 0; i + 2 <= span.Length; i += 2) parts.Add(BinaryPrimitives.ReadUInt16LittleEndian(span[i..]).ToString("x4", inv));
                break;
            case DicomVR.OL:
                for (var i = 0; i + 4 <= span.Length; i += 4) parts.Add(BinaryPrimitives.ReadUInt32LittleEndian(span[i..]).ToString("x8", inv));
                break;
            case DicomVR.OV:
                for (var i = 0; i + 8 <= span.Length; i += 8) parts.Add(BinaryPrimitives.ReadUInt64LittleEndian(span[i..]).ToString("x16", inv));
                break;
            default:
                foreach (var x in span) parts.Add(x.ToString("x2", inv));
                break;
        }
        return string.Join('\\', parts);
    }
}
