using System.Runtime.InteropServices;

namespace Edge.Platform;

/// <summary>
/// A new file written forward only, around the page cache (O_DIRECT) where the file system allows it. Files written
/// once and fsync'd at once gain nothing from the cache: a buffered write copies every byte into newly allocated
/// cache pages (on a virtual machine, the first touch of each guest page is costly too), then the fsync waits for the
/// same bytes to reach the disk. Written directly, the bytes go from one reused aligned buffer to the disk, and the
/// fsync is left with the inode and the last partial block. Where O_DIRECT is refused (tmpfs, some network file
/// systems) the same writes go through the cache.
/// </summary>
public sealed unsafe class UncachedFileWriter : Stream
{
    /// <summary>Bytes written per write call; O_DIRECT needs offsets, lengths and memory aligned to the device's block.</summary>
    public const int BufferSize = 1024 * 1024;

    private const int Alignment = 4096;

    private readonly string _path;
    private int _fd;
    private byte* _buffer;
    private int _count;
    private long _offset;
    private bool _tailWritten = true;

    private UncachedFileWriter(string path, int fd, bool direct)
    {
        _path = path;
        _fd = fd;
        IsDirect = direct;
    }

    /// <summary>Creates <paramref name="path"/>, which must not exist, with <paramref name="mode"/> (narrowed by the umask).</summary>
    /// <exception cref="IOException">The file exists or could not be created.</exception>
    public static UncachedFileWriter CreateNew(string path, UnixFileMode mode)
    {
        var flags = Libc.OWrOnly | Libc.OCreat | Libc.OExcl | Libc.OCloExec;
        var fd = Libc.OpenRetrying(path, flags | Libc.ODirect, (int)mode);
        var direct = fd >= 0;
        if (fd < 0 && Marshal.GetLastPInvokeError() == Libc.EInval)
        {
            fd = Libc.OpenRetrying(path, flags, (int)mode);
        }
        if (fd < 0)
        {
            throw LibcError.For("open", path);
        }
        return new UncachedFileWriter(path, fd, direct);
    }

    /// <summary>
    /// Whether writes still go around the page cache: false where the file system refused O_DIRECT, and once a partial
    /// last block was written through the cache.
    /// </summary>
    public bool IsDirect { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => _fd >= 0;

    /// <summary>Bytes written so far (the file's length once flushed).</summary>
    public override long Length => _offset + _count;

    public override long Position
    {
        get => Length;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_fd < 0, this);
        if (_buffer is null)
        {
            _buffer = AlignedBuffers.Rent();
        }
        while (data.Length > 0)
        {
            var n = Math.Min(data.Length, BufferSize - _count);
            data[..n].CopyTo(new Span<byte>(_buffer + _count, n));
            _count += n;
            _tailWritten = false;
            data = data[n..];
            if (_count == BufferSize)
            {
                WriteAt(0, BufferSize);
                _offset += BufferSize;
                _count = 0;
                _tailWritten = true;
            }
        }
    }

    public override void WriteByte(byte value) => Write([value]);

    /// <summary>
    /// Writes what is buffered to the file (visible to readers, not yet durable). The whole blocks go directly; a partial
    /// last block goes through the cache (written padded, the file would have to be cut back, and ext4 reads the block
    /// back from the disk to zero its end). What was written stays buffered, so later writes rewrite that block whole.
    /// </summary>
    public override void Flush()
    {
        ObjectDisposedException.ThrowIf(_fd < 0, this);
        if (_tailWritten)
        {
            return;
        }
        var whole = _count / Alignment * Alignment;
        WriteAt(0, whole);
        if (whole != _count)
        {
            _ = DropDirect();
            WriteAt(whole, _count - whole);
        }
        _tailWritten = true;
    }

    /// <summary>Like <see cref="FileStream.Flush(bool)"/>: with <paramref name="flushToDisk"/>, the file's data and inode are fsync'd.</summary>
    public void Flush(bool flushToDisk)
    {
        Flush();
        if (flushToDisk && Libc.FSync(_fd) != 0)
        {
            throw LibcError.For("fsync", _path);
        }
    }

    /// <summary>Writes <paramref name="length"/> buffered bytes from <paramref name="start"/> to their place in the file.</summary>
    private void WriteAt(int start, int length)
    {
        var written = 0;
        while (written < length)
        {
            var n = Libc.PWrite(_fd, _buffer + start + written, (nuint)(length - written), _offset + start + written);
            if (n >= 0)
            {
                written += (int)n;
                continue;
            }
            var errno = Marshal.GetLastPInvokeError();
            if (errno == Libc.EIntr)
            {
                continue;
            }
            // A device whose blocks are larger than the alignment refuses the direct write: go through the cache.
            if (errno == Libc.EInval && DropDirect())
            {
                continue;
            }
            throw LibcError.For("write", _path);
        }
    }

    /// <summary>Turns O_DIRECT off; false when it was already off or the change was refused.</summary>
    private bool DropDirect()
    {
        // F_SETFL replaces the status flags, and O_DIRECT was the only one set (the access mode and O_CREAT, O_EXCL,
        // O_CLOEXEC are not status flags).
        if (!IsDirect || Libc.Fcntl(_fd, Libc.FSetFl, 0) != 0)
        {
            return false;
        }
        IsDirect = false;
        return true;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Closes the file; what was not flushed is dropped (a failed write is abandoned whole).</summary>
    protected override void Dispose(bool disposing)
    {
        if (_buffer is not null)
        {
            AlignedBuffers.Return(_buffer);
            _buffer = null;
        }
        if (_fd >= 0)
        {
            _ = Libc.Close(_fd);
            _fd = -1;
        }
        base.Dispose(disposing);
    }

    ~UncachedFileWriter() => Dispose(false);

    /// <summary>
    /// Aligned buffers kept for reuse: a fresh one per file would be new memory, whose first touch is what these
    /// writes avoid. A few are kept; more in use at once are allocated and freed.
    /// </summary>
    private static class AlignedBuffers
    {
        private const int Kept = 8;
        private static readonly Stack<IntPtr> Free = new();

        public static byte* Rent()
        {
            lock (Free)
            {
                if (Free.Count > 0)
                {
                    return (byte*)Free.Pop();
                }
            }
            return (byte*)NativeMemory.AlignedAlloc(BufferSize, Alignment);
        }

        public static void Return(byte* buffer)
        {
            lock (Free)
            {
                if (Free.Count < Kept)
                {
                    Free.Push((IntPtr)buffer);
                    return;
                }
            }
            NativeMemory.AlignedFree(buffer);
        }
    }
}
