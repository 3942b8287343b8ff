using System.Runtime.InteropServices;

namespace Edge.Pixels.Codecs.Jpeg2000;

/// <summary>
/// Callbacks that let OpenJPEG read a codestream from pinned memory and write one into a growable buffer, and collect
/// its error messages. They never throw: an exception cannot cross back into C.
/// </summary>
internal static unsafe class OpenJpegStreams
{
    /// <summary>Pinned input: the read position of a decode.</summary>
    public struct Source
    {
        public byte* Data;
        public long Length;
        public long Position;
    }

    /// <summary>Output of an encode; OpenJPEG may seek back to patch lengths, so it is random access.</summary>
    public sealed class Sink
    {
        private byte[] _buffer = new byte[64 * 1024];

        public long Position { get; set; }
        public long Length { get; private set; }

        public void Write(ReadOnlySpan<byte> data)
        {
            var end = Position + data.Length;
            if (end > _buffer.Length)
            {
                Array.Resize(ref _buffer, (int)Math.Min(Array.MaxLength, Math.Max(end, _buffer.Length * 2L)));
            }
            data.CopyTo(_buffer.AsSpan((int)Position));
            Position = end;
            Length = Math.Max(Length, end);
        }

        public byte[] ToArray() => _buffer.AsSpan(0, (int)Length).ToArray();
    }

    /// <summary>Messages OpenJPEG reported through its error handler.</summary>
    public sealed class MessageLog
    {
        private readonly List<string> _messages = [];

        public void Add(string message) => _messages.Add(message.TrimEnd());

        public override string ToString() => _messages.Count == 0 ? "no detail" : string.Join("; ", _messages);
    }

    public static void Attach(OpenJpegStreamHandle stream, Source* source)
    {
        OpenJpegNative.opj_stream_set_read_function(stream, &Read);
        OpenJpegNative.opj_stream_set_skip_function(stream, &SkipInput);
        OpenJpegNative.opj_stream_set_seek_function(stream, &SeekInput);
        OpenJpegNative.opj_stream_set_user_data(stream, source, null);
        OpenJpegNative.opj_stream_set_user_data_length(stream, (ulong)source->Length);
    }

    public static void Attach(OpenJpegStreamHandle stream, GCHandle sink)
    {
        OpenJpegNative.opj_stream_set_write_function(stream, &Write);
        OpenJpegNative.opj_stream_set_skip_function(stream, &SkipOutput);
        OpenJpegNative.opj_stream_set_seek_function(stream, &SeekOutput);
        OpenJpegNative.opj_stream_set_user_data(stream, (void*)GCHandle.ToIntPtr(sink), null);
    }

    public static void Attach(OpenJpegCodecHandle codec, GCHandle log) =>
        OpenJpegNative.opj_set_error_handler(codec, &OnError, (void*)GCHandle.ToIntPtr(log));

    [UnmanagedCallersOnly]
    private static nuint Read(void* buffer, nuint count, void* user)
    {
        var source = (Source*)user;
        var remaining = source->Length - source->Position;
        if (remaining <= 0)
        {
            return nuint.MaxValue;
        }
        var n = (long)Math.Min((ulong)remaining, count);
        Buffer.MemoryCopy(source->Data + source->Position, buffer, (long)count, n);
        source->Position += n;
        return (nuint)n;
    }

    [UnmanagedCallersOnly]
    private static long SkipInput(long count, void* user)
    {
        var source = (Source*)user;
        var target = Math.Clamp(source->Position + count, 0, source->Length);
        var moved = target - source->Position;
        source->Position = target;
        return moved == 0 && count != 0 ? -1 : moved;
    }

    [UnmanagedCallersOnly]
    private static int SeekInput(long position, void* user)
    {
        var source = (Source*)user;
        if (position < 0 || position > source->Length)
        {
            return 0;
        }
        source->Position = position;
        return 1;
    }

    [UnmanagedCallersOnly]
    private static nuint Write(void* buffer, nuint count, void* user)
    {
        try
        {
            SinkOf(user).Write(new ReadOnlySpan<byte>(buffer, checked((int)count)));
            return count;
        }
        catch (Exception ex) when (ex is OverflowException or OutOfMemoryException or ArgumentException or InvalidCastException)
        {
            return nuint.MaxValue;
        }
    }

    [UnmanagedCallersOnly]
    private static long SkipOutput(long count, void* user)
    {
        var sink = SinkOf(user);
        if (sink.Position + count < 0)
        {
            return -1;
        }
        sink.Position += count;
        return count;
    }

    [UnmanagedCallersOnly]
    private static int SeekOutput(long position, void* user)
    {
        if (position < 0)
        {
            return 0;
        }
        SinkOf(user).Position = position;
        return 1;
    }

    [UnmanagedCallersOnly]
    private static void OnError(byte* message, void* user)
    {
        if (GCHandle.FromIntPtr((nint)user).Target is MessageLog log)
        {
            log.Add(Marshal.PtrToStringUTF8((nint)message) ?? "");
        }
    }

    private static Sink SinkOf(void* user) => (Sink)GCHandle.FromIntPtr((nint)user).Target!;
}
