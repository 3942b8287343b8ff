using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Edge.Pixels.Codecs.JpegLs;

/// <summary>The CharLS 2.x C API of Debian's libcharls2 (2.4). Every call returns 0 or a charls_jpegls_errc.</summary>
internal static unsafe partial class CharLsNative
{
    public const string Library = "libcharls.so.2";
    public const string Package = "libcharls2";

    public const int InterleaveNone = 0;
    public const int InterleaveSample = 2;

    public static void Require() => Interop.NativeLibraryProbe.Require(Library, Package,
        "charls_jpegls_decoder_create", "charls_jpegls_decoder_destroy", "charls_jpegls_decoder_set_source_buffer",
        "charls_jpegls_decoder_read_header", "charls_jpegls_decoder_get_frame_info", "charls_jpegls_decoder_get_interleave_mode",
        "charls_jpegls_decoder_get_destination_size", "charls_jpegls_decoder_decode_to_buffer",
        "charls_jpegls_encoder_create", "charls_jpegls_encoder_destroy", "charls_jpegls_encoder_set_frame_info",
        "charls_jpegls_encoder_set_interleave_mode", "charls_jpegls_encoder_set_near_lossless",
        "charls_jpegls_encoder_get_estimated_destination_size", "charls_jpegls_encoder_set_destination_buffer",
        "charls_jpegls_encoder_encode_from_buffer", "charls_jpegls_encoder_get_bytes_written", "charls_get_error_message");

    [StructLayout(LayoutKind.Sequential)]
    public struct FrameInfo
    {
        public uint Width;
        public uint Height;
        public int BitsPerSample;
        public int ComponentCount;
    }

    [LibraryImport(Library)]
    public static partial CharLsDecoderHandle charls_jpegls_decoder_create();

    [LibraryImport(Library)]
    public static partial void charls_jpegls_decoder_destroy(nint decoder);

    [LibraryImport(Library)]
    public static partial int charls_jpegls_decoder_set_source_buffer(CharLsDecoderHandle decoder, byte* source, nuint size);

    [LibraryImport(Library)]
    public static partial int charls_jpegls_decoder_read_header(CharLsDecoderHandle decoder);

    [LibraryImport(Library)]
    public static partial int charls_jpegls_decoder_get_frame_info(CharLsDecoderHandle decoder, FrameInfo* info);

    [LibraryImport(Library)]
    public static partial int charls_jpegls_decoder_get_interleave_mode(CharLsDecoderHandle decoder, int* mode);

    [LibraryImport(Library)]
    public static partial int charls_jpegls_decoder_get_destination_size(CharLsDecoderHandle decoder, uint stride, nuint* size);

    [LibraryImport(Library)]
    public static partial int charls_jpegls_decoder_decode_to_buffer(CharLsDecoderHandle decoder, byte* destination, nuint size, uint stride);

    [LibraryImport(Library)]
    public static partial CharLsEncoderHandle charls_jpegls_encoder_create();

    [LibraryImport(Library)]
    public static partial void charls_jpegls_encoder_destroy(nint encoder);

    [LibraryImport(Library)]
    public static partial int charls_jpegls_encoder_set_frame_info(CharLsEncoderHandle encoder, FrameInfo* info);

    [LibraryImport(Library)]
    public static partial int charls_jpegls_encoder_set_interleave_mode(CharLsEncoderHandle encoder, int mode);

    [LibraryImport(Library)]
    public static partial int charls_jpegls_encoder_set_near_lossless(CharLsEncoderHandle encoder, int nearLossless);

    [LibraryImport(Library)]
    public static partial int charls_jpegls_encoder_get_estimated_destination_size(CharLsEncoderHandle encoder, nuint* size);

    [LibraryImport(Library)]
    public static partial int charls_jpegls_encoder_set_destination_buffer(CharLsEncoderHandle encoder, byte* destination, nuint size);

    [LibraryImport(Library)]
    public static partial int charls_jpegls_encoder_encode_from_buffer(CharLsEncoderHandle encoder, byte* source, nuint size, uint stride);

    [LibraryImport(Library)]
    public static partial int charls_jpegls_encoder_get_bytes_written(CharLsEncoderHandle encoder, nuint* written);

    [LibraryImport(Library)]
    public static partial nint charls_get_error_message(int error);

    /// <summary>Throws the codec's own message for a non-zero result.</summary>
    public static void Check(int result, string what)
    {
        if (result != 0)
        {
            var message = Marshal.PtrToStringUTF8(charls_get_error_message(result)) ?? $"error {result}";
            throw new PixelCodecException("JPEG-LS (CharLS)", $"{what}: {message}");
        }
    }
}

/// <summary>A charls_jpegls_decoder, destroyed with charls_jpegls_decoder_destroy.</summary>
internal sealed class CharLsDecoderHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public CharLsDecoderHandle() : base(ownsHandle: true) { }

    protected override bool ReleaseHandle()
    {
        CharLsNative.charls_jpegls_decoder_destroy(handle);
        return true;
    }
}

/// <summary>A charls_jpegls_encoder, destroyed with charls_jpegls_encoder_destroy.</summary>
internal sealed class CharLsEncoderHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public CharLsEncoderHandle() : base(ownsHandle: true) { }

    protected override bool ReleaseHandle()
    {
        CharLsNative.charls_jpegls_encoder_destroy(handle);
        return true;
    }
}
