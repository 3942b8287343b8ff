using System.IO.Compression;

namespace Edge.Dicom.Data;

/// <summary>
/// Parses Part 10 files and bare datasets in every transfer syntax. Elements are read one after another; sequences
/// and items of defined or undefined length are followed to any depth (up to <see cref="DicomReaderOptions.MaxDepth"/>);
/// values above the bulk threshold are referenced, not loaded. Every malformation ends in a
/// <see cref="DicomReadException"/> with the byte offset and the element.
/// </summary>
internal sealed class DicomReader
{
    public const uint UndefinedLength = 0xFFFFFFFF;

    private readonly record struct Encoding(bool Explicit, bool BigEndian)
    {
        public static readonly Encoding ImplicitLE = new(false, false);
        public static Encoding Of(TransferSyntax ts) => new(ts.IsExplicitVR, ts.IsBigEndian);
    }

    private readonly DicomReaderOptions _options;
    private ByteSource _src;
    private IBulkDataSource? _bulk;
    private DicomTag? _current;

    private DicomReader(ByteSource source, IBulkDataSource? bulk, DicomReaderOptions options)
    {
        _src = source;
        _bulk = bulk;
        _options = options;
    }

    /// <summary>Reads a Part 10 file, or a bare dataset whose syntax is guessed from its first element.</summary>
    public static DicomFile ReadFile(Stream stream, DicomReaderOptions options, bool leaveOpen)
    {
        var origin = stream.CanSeek ? stream.Position : 0;
        var reader = new DicomReader(new ByteSource(stream, origin), stream.CanSeek ? new StreamBulkDataSource(stream) : null, options);
        var file = new DicomFile(leaveOpen ? null : stream);
        try
        {
            reader.ReadFileInto(file);
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Reads a dataset without file meta information in a known transfer syntax (DIMSE data sets).</summary>
    public static DicomFile ReadDataset(Stream stream, TransferSyntax syntax, DicomReaderOptions options, bool leaveOpen)
    {
        var origin = stream.CanSeek ? stream.Position : 0;
        var reader = new DicomReader(new ByteSource(stream, origin), stream.CanSeek ? new StreamBulkDataSource(stream) : null, options);
        var file = new DicomFile(leaveOpen ? null : stream) { TransferSyntax = syntax };
        try
        {
            reader.ReadBody(file, syntax);
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private void ReadFileInto(DicomFile file)
    {
        var head = _src.PeekAvailable(132);
        if (head.Length >= 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M')
        {
            file.Preamble = head[..128].ToArray();
            _src.Skip(132);
            ReadMeta(file);
        }
        else if (head.Length >= 8 && head[0] == 0x02 && head[1] == 0x00)
        {
            // File meta information without preamble: written by some old tools.
            ReadMeta(file);
        }
        if (_src.AtEnd && file.FileMeta.Count == 0)
        {
            throw new DicomReadException("No DICOM data: the input is empty or holds only a preamble", _src.Position, null);
        }

        TransferSyntax syntax;
        var tsUid = file.FileMeta.GetString(DicomTags.TransferSyntaxUID);
        if (!string.IsNullOrEmpty(tsUid))
        {
            syntax = TransferSyntax.Lookup(tsUid);
        }
        else
        {
            syntax = GuessSyntax(_src.PeekAvailable(16));
        }
        file.TransferSyntax = syntax;
        ReadBody(file, syntax);
    }

    private void ReadBody(DicomFile file, TransferSyntax syntax)
    {
        try
        {
            if (syntax.IsDeflated)
            {
                SwitchToInflated(file);
            }
            else
            {
                file.DatasetOffset = _src.Position;
            }
            ReadItems(file.Dataset, Encoding.Of(syntax), -1, untilItemDelimiter: false, depth: 0);
            file.Dataset.ReadEncoding = (syntax.IsExplicitVR, syntax.IsBigEndian);
            file.SopInstanceUidAsRead = file.Dataset.GetString(DicomTags.SOPInstanceUID);
        }
        catch (EndOfStreamException ex)
        {
            throw new DicomReadException("Unexpected end of data", _src.Position, _current, ex);
        }
        catch (InvalidDataException ex)
        {
            throw new DicomReadException("Deflated data is corrupt: " + ex.Message, _src.Position, _current, ex);
        }
    }

    /// <summary>
    /// Guesses the encoding of a dataset that has no meta information: a valid VR after the first tag means explicit
    /// VR; a group number that only makes sense byte-swapped means big endian.
    /// </summary>
    private static TransferSyntax GuessSyntax(ReadOnlySpan<byte> head)
    {
        if (head.Length < 8)
        {
            return TransferSyntax.ImplicitVRLittleEndian;
        }
        var explicitVR = DicomVRInfo.FromBytes(head[4], head[5]).IsKnown();
        var groupLE = (ushort)(head[0] | (head[1] << 8));
        var groupBE = (ushort)((head[0] << 8) | head[1]);
        var bigEndian = groupLE > 0x00FF && groupBE <= 0x00FF && groupBE != 0;
        if (bigEndian)
        {
            return TransferSyntax.ExplicitVRBigEndian;
        }
        return explicitVR ? TransferSyntax.ExplicitVRLittleEndian : TransferSyntax.ImplicitVRLittleEndian;
    }

    private void ReadMeta(DicomFile file)
    {
        // Group 0002 is always explicit VR little endian (PS3.10 7.1); read while the group lasts.
        try
        {
            while (true)
            {
                var peek = _src.Peek(6);
                if (peek.Length < 6 || peek[0] != 0x02 || peek[1] != 0x00)
                {
                    return;
                }
                var start = _src.Position;
                var tag = ReadTag(Encoding.ImplicitLE);
                _current = tag;
                var vrProbe = _src.Peek(2);
                var enc = DicomVRInfo.FromBytes(vrProbe[0], vrProbe[1]).IsKnown() ? new Encoding(true, false) : Encoding.ImplicitLE;
                var (vr, length) = ReadVRAndLength(tag, enc, file.FileMeta);
                file.FileMeta.AppendRead(ReadValue(tag, vr, length, enc, file.FileMeta, 0, start));
                file.FileMeta.ReadEncoding = (true, false);
            }
        }
        catch (EndOfStreamException ex)
        {
            throw new DicomReadException("Unexpected end of data in the file meta information", _src.Position, _current, ex);
        }
    }

    private void SwitchToInflated(DicomFile file)
    {
        // An unchanged dataset is written back from these compressed bytes: another zlib would not give the same ones.
        if (_bulk is not null && _src.Length >= 0)
        {
            file.DeflatedDataset = new BulkDataRef(_bulk, _src.Position, _src.Length - _src.Position, false);
        }
        // Bulk references need a seekable source: inflate the rest into memory or, past a limit, a temporary file.
        var rest = new RemainderStream(_src);
        Stream target = new MemoryStream();
        using (var inflater = new DeflateStream(rest, CompressionMode.Decompress, leaveOpen: true))
        {
            var buffer = new byte[81920];
            int n;
            while ((n = inflater.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (target.Length + n > _options.MaxInflatedBytes)
                {
                    target.Dispose();
                    throw new DicomReadException($"Deflated data inflates beyond {_options.MaxInflatedBytes} bytes", _src.Position, null);
                }
                if (target is MemoryStream ms && ms.Length + n > _options.InflateInMemoryLimit)
                {
                    var path = Path.Combine(_options.TemporaryDirectory ?? Path.GetTempPath(), "edge-inflate-" + Guid.NewGuid().ToString("N"));
                    var fs = new FileStream(path, new FileStreamOptions
                    {
                        Mode = FileMode.CreateNew,
                        Access = FileAccess.ReadWrite,
                        Share = FileShare.None,
                        BufferSize = 65536,
                        Options = FileOptions.DeleteOnClose,
                        UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                    });
                    ms.Position = 0;
                    ms.CopyTo(fs);
                    target = fs;
                }
                target.Write(buffer, 0, n);
            }
        }
        target.Position = 0;
        file.AddOwnedResource(target);
        _src = new ByteSource(target, 0);
        _bulk = new StreamBulkDataSource(target);
    }

    private DicomTag ReadTag(Encoding enc)
    {
        var g = _src.ReadUInt16(enc.BigEndian);
        var e = _src.ReadUInt16(enc.BigEndian);
        return new DicomTag(g, e);
    }

    private (DicomVR Vr, uint Length) ReadVRAndLength(DicomTag tag, Encoding enc, DicomDataset container)
    {
        if (!enc.Explicit || tag.Group == 0xFFFE)
        {
            var length = _src.ReadUInt32(enc.BigEndian);
            return (tag.Group == 0xFFFE ? DicomVR.None : ImplicitVR(tag, container), length);
        }
        var v = _src.Take(2);
        var vr = DicomVRInfo.FromBytes(v[0], v[1]);
        if (!vr.IsKnown())
        {
            throw new DicomReadException($"Invalid VR '{Printable(v)}' in explicit VR data", _src.Position - 2, tag);
        }
        if (vr.HasLongLength())
        {
            _src.Skip(2);
            return (vr, _src.ReadUInt32(enc.BigEndian));
        }
        return (vr, _src.ReadUInt16(enc.BigEndian));
    }

    private static string Printable(ReadOnlySpan<byte> b) =>
        string.Concat(b.ToArray().Select(x => x is >= 0x20 and < 0x7F ? ((char)x).ToString() : $"\\x{x:X2}"));

    /// <summary>The VR of an implicit-VR element: the dictionary's, a private creator's, or UN.</summary>
    private static DicomVR ImplicitVR(DicomTag tag, DicomDataset container)
    {
        if (tag.IsPrivateData)
        {
            var creator = FindCreator(tag, container);
            if (creator is not null && DicomDictionary.LookupPrivate(creator, tag) is { } p)
            {
                return p.VR;
            }
            return DicomVR.UN;
        }
        if (tag.IsGroupLength || tag.IsPrivateCreator)
        {
            return DicomDictionary.ImplicitVR(tag);
        }
        var entry = DicomDictionary.Lookup(tag);
        if (entry is null)
        {
            return DicomVR.UN;
        }
        if (entry.VRs.Length > 1 && entry.VRs[0] == DicomVR.US && entry.VRs.Contains(DicomVR.SS))
        {
            return PixelRepresentation(container) == 1 ? DicomVR.SS : DicomVR.US;
        }
        if (entry.VRs.Length > 1 && entry.VRs.Contains(DicomVR.OW))
        {
            // Pixel and overlay data are words in implicit VR; other "OB or OW" elements (curve data, ...) are bytes.
            return tag == DicomTags.PixelData || ((tag.Group & 0xFF00) == 0x6000 && tag.Element == 0x3000) || entry.VRs[0] == DicomVR.US
                ? DicomVR.OW
                : DicomVR.OB;
        }
        return entry.VR;
    }

    private static string? FindCreator(DicomTag tag, DicomDataset container)
    {
        if (tag.Element >> 8 < 0x10)
        {
            return null;
        }
        return container.GetString(tag.PrivateCreatorTag);
    }

    private static int PixelRepresentation(DicomDataset container)
    {
        for (var d = container; d is not null; d = d.Parent)
        {
            if (d.GetUInt16(DicomTags.PixelRepresentation) is { } pr)
            {
                return pr;
            }
        }
        return 0;
    }

    /// <summary>
    /// Reads elements into <paramref name="ds"/> until <paramref name="end"/> (absolute), an item delimiter, or the
    /// end of the stream at top level.
    /// </summary>
    private void ReadItems(DicomDataset ds, Encoding enc, long end, bool untilItemDelimiter, int depth)
    {
        while (true)
        {
            if (end >= 0)
            {
                if (_src.Position >= end)
                {
                    if (_src.Position > end)
                    {
                        throw new DicomReadException($"An element overruns the end of its item by {_src.Position - end} bytes", _src.Position, _current);
                    }
                    return;
                }
            }
            else if (!untilItemDelimiter && _src.AtEnd)
            {
                return;
            }

            var start = _src.Position;
            if (!_src.Ensure(8))
            {
                if (untilItemDelimiter || end >= 0)
                {
                    throw new EndOfStreamException();
                }
                // A few zero bytes after the last element are padding some writers leave (DCMTK re-encoding an odd
                // value, for one); anything else there is not DICOM.
                var tail = _src.PeekAvailable(8);
                if (tail.IndexOfAnyExcept((byte)0) < 0)
                {
                    _src.Skip(tail.Length);
                    return;
                }
                throw new DicomReadException("Trailing bytes after the last element are too short to be an element", start, _current);
            }
            var tag = ReadTag(enc);
            _current = tag;

            if (tag == DicomTag.ItemDelimitationItem)
            {
                _src.ReadUInt32(enc.BigEndian);
                if (untilItemDelimiter)
                {
                    return;
                }
                throw new DicomReadException("Item delimitation item outside an item of undefined length", start, tag);
            }
            if (tag == DicomTag.SequenceDelimitationItem || tag == DicomTag.Item)
            {
                throw new DicomReadException($"{(tag == DicomTag.Item ? "Item" : "Sequence delimitation item")} where a data element was expected", start, tag);
            }
            if (depth == 0 && _options.StopAtTag is { } stop && tag >= stop)
            {
                return;
            }

            var (vr, length) = ReadVRAndLength(tag, enc, ds);
            ds.AppendRead(ReadValue(tag, vr, length, enc, ds, depth, start));
        }
    }

    private DicomElement ReadValue(DicomTag tag, DicomVR vr, uint length, Encoding enc, DicomDataset container, int depth, long start)
    {
        if (length == UndefinedLength)
        {
            if (vr == DicomVR.SQ)
            {
                return ReadSequence(tag, vr, length, enc, container, depth);
            }
            if (IsPixelDataTag(tag) || vr is DicomVR.OB or DicomVR.OW)
            {
                return ReadFragments(tag, vr == DicomVR.UN ? DicomVR.OB : vr, enc);
            }
            if (vr == DicomVR.UN)
            {
                // PS3.5 6.2.2: a UN value of undefined length is a sequence encoded in implicit VR little endian.
                return ReadSequence(tag, vr, length, Encoding.ImplicitLE, container, depth);
            }
            throw new DicomReadException($"Undefined length is not allowed for VR {vr.Code()}", start, tag);
        }
        if (vr == DicomVR.SQ || (!enc.Explicit && tag.IsPrivateData && vr is DicomVR.UN or DicomVR.OB && StartsWithItem(length)))
        {
            // In implicit VR a private sequence is known only by its content: an item tag where the value starts.
            return ReadSequence(tag, DicomVR.SQ, length, enc, container, depth);
        }
        return new DicomValueElement(tag, vr, ReadValueData(tag, length, vr.SwapUnit(), enc.BigEndian));
    }

    private bool StartsWithItem(uint length)
    {
        if (length < 8 || length > _src.Remaining)
        {
            return false;
        }
        var head = _src.Peek(8);
        return head.Length == 8 && head[0] == 0xFE && head[1] == 0xFF && head[2] == 0x00 && head[3] == 0xE0
               && System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(head[4..]) is var itemLength
               && (itemLength == UndefinedLength || itemLength <= length - 8);
    }

    private static bool IsPixelDataTag(DicomTag tag) =>
        tag == DicomTags.PixelData || (tag.Group & 0xFF00) == 0x7F00 && tag.Element == 0x0010;

    private DicomValueData ReadValueData(DicomTag tag, uint length, int swapUnit, bool bigEndian)
    {
        if (length > _src.Remaining)
        {
            throw new DicomReadException($"Value length {length} exceeds the {_src.Remaining} bytes left", _src.Position, tag);
        }
        if (length > _options.BulkDataThreshold && _bulk is not null && _src.CanSeek)
        {
            var bulk = new BulkDataRef(_bulk, _src.Position, length, bigEndian);
            _src.Skip(length);
            return new DicomValueData(bulk);
        }
        var bytes = _src.ReadBytes(length);
        if (bigEndian && swapUnit > 1)
        {
            ByteSwap.InPlace(bytes, swapUnit);
        }
        return new DicomValueData(bytes);
    }

    private DicomSequence ReadSequence(DicomTag tag, DicomVR vr, uint length, Encoding enc, DicomDataset container, int depth)
    {
        if (depth >= _options.MaxDepth)
        {
            throw new DicomReadException($"Sequences nested deeper than {_options.MaxDepth} levels", _src.Position, tag);
        }
        var undefined = length == UndefinedLength;
        if (!undefined && length > _src.Remaining)
        {
            throw new DicomReadException($"Sequence length {length} exceeds the {_src.Remaining} bytes left", _src.Position, tag);
        }
        var seq = new DicomSequence(tag, vr) { UndefinedLength = undefined };
        var end = undefined ? -1 : _src.Position + length;
        while (true)
        {
            if (!undefined && _src.Position >= end)
            {
                if (_src.Position > end)
                {
                    throw new DicomReadException("An item overruns the end of its sequence", _src.Position, tag);
                }
                break;
            }
            var itemStart = _src.Position;
            var itemTag = ReadTag(enc);
            var itemLength = _src.ReadUInt32(enc.BigEndian);
            if (itemTag == DicomTag.SequenceDelimitationItem)
            {
                if (undefined)
                {
                    break;
                }
                throw new DicomReadException("Sequence delimitation item inside a sequence of defined length", itemStart, tag);
            }
            if (itemTag != DicomTag.Item)
            {
                throw new DicomReadException($"Expected an item in sequence {tag}, found {itemTag}", itemStart, tag);
            }
            var item = new DicomDataset { UndefinedLength = itemLength == UndefinedLength, Parent = container };
            if (itemLength == UndefinedLength)
            {
                ReadItems(item, enc, -1, untilItemDelimiter: true, depth + 1);
            }
            else
            {
                if (itemLength > _src.Remaining)
                {
                    throw new DicomReadException($"Item length {itemLength} exceeds the {_src.Remaining} bytes left", itemStart, tag);
                }
                ReadItems(item, enc, _src.Position + itemLength, untilItemDelimiter: false, depth + 1);
            }
            _current = tag;
            item.ReadEncoding = (enc.Explicit, enc.BigEndian);
            seq.Items.Add(item);
        }
        seq.ItemCountAsRead = seq.Items.Count;
        return seq;
    }

    private DicomFragmentSequence ReadFragments(DicomTag tag, DicomVR vr, Encoding enc)
    {
        var fragments = new DicomFragmentSequence(tag, vr);
        var first = true;
        while (true)
        {
            var itemStart = _src.Position;
            var itemTag = ReadTag(enc);
            var length = _src.ReadUInt32(enc.BigEndian);
            if (itemTag == DicomTag.SequenceDelimitationItem)
            {
                return fragments;
            }
            if (itemTag != DicomTag.Item)
            {
                throw new DicomReadException($"Expected a fragment item in encapsulated data, found {itemTag}", itemStart, tag);
            }
            if (length == UndefinedLength)
            {
                throw new DicomReadException("A fragment of encapsulated data has undefined length", itemStart, tag);
            }
            var data = ReadValueData(tag, length, 1, enc.BigEndian);
            if (first)
            {
                fragments.OffsetTable = data;
                first = false;
            }
            else
            {
                fragments.Fragments.Add(data);
            }
        }
    }

    /// <summary>The unread rest of a <see cref="ByteSource"/> as a stream, for the inflater.</summary>
    private sealed class RemainderStream(ByteSource src) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var available = src.PeekAvailable(count);
            available.CopyTo(buffer.AsSpan(offset));
            src.Skip(available.Length);
            return available.Length;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
