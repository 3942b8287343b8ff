using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Edge.Pixels.Codecs.Jpeg2000;

/// <summary>
/// The part of libopenjp2 (OpenJPEG 2.5, Debian's libopenjp2-7) Edge calls. Parameter structures are large and only
/// a few fields are set, so they are handled as byte blocks filled by the library's own defaults and written at
/// offsets checked against those defaults (<see cref="EncoderParameters"/>).
/// </summary>
internal static unsafe partial class OpenJpegNative
{
    public const string Library = "libopenjp2.so.7";
    public const string Package = "libopenjp2-7";

    public const int CodecJ2k = 0;
    public const int CodecJp2 = 2;
    public const int ColorSpaceSrgb = 1;
    public const int ColorSpaceGray = 2;

    /// <summary>sizeof(opj_dparameters_t) is 8256 on x86-64; the block is larger so a grown structure stays in bounds.</summary>
    public const int DecoderParametersBlock = 16 * 1024;

    public static void Require() => Interop.NativeLibraryProbe.Require(Library, Package,
        "opj_create_decompress", "opj_create_compress", "opj_destroy_codec", "opj_set_default_decoder_parameters",
        "opj_setup_decoder", "opj_set_default_encoder_parameters", "opj_setup_encoder", "opj_set_error_handler",
        "opj_stream_create", "opj_stream_destroy", "opj_stream_set_read_function", "opj_stream_set_write_function",
        "opj_stream_set_skip_function", "opj_stream_set_seek_function", "opj_stream_set_user_data",
        "opj_stream_set_user_data_length", "opj_read_header", "opj_decode", "opj_end_decompress", "opj_image_create",
        "opj_image_destroy", "opj_start_compress", "opj_encode", "opj_end_compress");

    [LibraryImport(Library)]
    public static partial OpenJpegCodecHandle opj_create_decompress(int format);

    [LibraryImport(Library)]
    public static partial OpenJpegCodecHandle opj_create_compress(int format);

    [LibraryImport(Library)]
    public static partial void opj_destroy_codec(nint codec);

    [LibraryImport(Library)]
    public static partial void opj_set_default_decoder_parameters(byte* parameters);

    [LibraryImport(Library)]
    public static partial int opj_setup_decoder(OpenJpegCodecHandle codec, byte* parameters);

    [LibraryImport(Library)]
    public static partial void opj_set_default_encoder_parameters(byte* parameters);

    [LibraryImport(Library)]
    public static partial int opj_setup_encoder(OpenJpegCodecHandle codec, byte* parameters, OpjImage* image);

    [LibraryImport(Library)]
    public static partial int opj_set_error_handler(OpenJpegCodecHandle codec, delegate* unmanaged<byte*, void*, void> handler, void* userData);

    [LibraryImport(Library)]
    public static partial OpenJpegStreamHandle opj_stream_create(nuint bufferSize, int isInput);

    [LibraryImport(Library)]
    public static partial void opj_stream_destroy(nint stream);

    [LibraryImport(Library)]
    public static partial void opj_stream_set_read_function(OpenJpegStreamHandle stream, delegate* unmanaged<void*, nuint, void*, nuint> read);

    [LibraryImport(Library)]
    public static partial void opj_stream_set_write_function(OpenJpegStreamHandle stream, delegate* unmanaged<void*, nuint, void*, nuint> write);

    [LibraryImport(Library)]
    public static partial void opj_stream_set_skip_function(OpenJpegStreamHandle stream, delegate* unmanaged<long, void*, long> skip);

    [LibraryImport(Library)]
    public static partial void opj_stream_set_seek_function(OpenJpegStreamHandle stream, delegate* unmanaged<long, void*, int> seek);

    [LibraryImport(Library)]
    public static partial void opj_stream_set_user_data(OpenJpegStreamHandle stream, void* data, delegate* unmanaged<void*, void> free);

    [LibraryImport(Library)]
    public static partial void opj_stream_set_user_data_length(OpenJpegStreamHandle stream, ulong length);

    [LibraryImport(Library)]
    public static partial int opj_read_header(OpenJpegStreamHandle stream, OpenJpegCodecHandle codec, OpjImage** image);

    [LibraryImport(Library)]
    public static partial int opj_decode(OpenJpegCodecHandle codec, OpenJpegStreamHandle stream, OpjImage* image);

    [LibraryImport(Library)]
    public static partial int opj_end_decompress(OpenJpegCodecHandle codec, OpenJpegStreamHandle stream);

    [LibraryImport(Library)]
    public static partial OpjImage* opj_image_create(uint count, OpjImageComponentParameters* parameters, int colorSpace);

    [LibraryImport(Library)]
    public static partial void opj_image_destroy(nint image);

    [LibraryImport(Library)]
    public static partial int opj_start_compress(OpenJpegCodecHandle codec, OpjImage* image, OpenJpegStreamHandle stream);

    [LibraryImport(Library)]
    public static partial int opj_encode(OpenJpegCodecHandle codec, OpenJpegStreamHandle stream);

    [LibraryImport(Library)]
    public static partial int opj_end_compress(OpenJpegCodecHandle codec, OpenJpegStreamHandle stream);

    /// <summary>opj_image_t.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct OpjImage
    {
        public uint X0;
        public uint Y0;
        public uint X1;
        public uint Y1;
        public uint ComponentCount;
        public int ColorSpace;
        public OpjImageComponent* Components;
        public byte* IccProfile;
        public uint IccProfileLength;
    }

    /// <summary>opj_image_comp_t.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct OpjImageComponent
    {
        public uint Dx;
        public uint Dy;
        public uint Width;
        public uint Height;
        public uint X0;
        public uint Y0;
        public uint Precision;
        public uint Bpp;
        public uint Signed;
        public uint ResolutionsDecoded;
        public uint Factor;
        public int* Data;
        public ushort Alpha;
    }

    /// <summary>opj_image_cmptparm_t.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct OpjImageComponentParameters
    {
        public uint Dx;
        public uint Dy;
        public uint Width;
        public uint Height;
        public uint X0;
        public uint Y0;
        public uint Precision;
        public uint Bpp;
        public uint Signed;
    }

    /// <summary>Offsets into opj_cparameters_t (x86-64, OpenJPEG 2.x), and the checks that they still hold.</summary>
    public static class EncoderParameters
    {
        /// <summary>sizeof(opj_cparameters_t) is 18720; the block is larger so a grown structure stays in bounds.</summary>
        public const int Block = 32 * 1024;
        public const int DistortionAllocation = 20;
        public const int LayerCount = 4796;
        public const int LayerRates = 4800;
        public const int ResolutionCount = 5600;
        public const int CodeBlockWidth = 5604;
        public const int CodeBlockHeight = 5608;
        public const int Irreversible = 5616;
        public const int RegionOfInterestComponent = 5620;
        public const int InputFormat = 18204;
        public const int OutputFormat = 18208;
        public const int MultiComponentTransform = 18698;

        /// <summary>
        /// True when the library's defaults sit where these offsets say: 6 resolutions, 64x64 code blocks, reversible
        /// wavelet, no region of interest (-1) and unset file formats (-1) on either side of the path buffers.
        /// </summary>
        public static bool LayoutMatches(byte* parameters) =>
            *(int*)(parameters + ResolutionCount) == 6 && *(int*)(parameters + CodeBlockWidth) == 64
            && *(int*)(parameters + CodeBlockHeight) == 64 && *(int*)(parameters + Irreversible) == 0
            && *(int*)(parameters + RegionOfInterestComponent) == -1
            && *(int*)(parameters + InputFormat) == -1 && *(int*)(parameters + OutputFormat) == -1;
    }
}

/// <summary>An opj_codec_t, destroyed with opj_destroy_codec.</summary>
internal sealed class OpenJpegCodecHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public OpenJpegCodecHandle() : base(ownsHandle: true) { }

    protected override bool ReleaseHandle()
    {
        OpenJpegNative.opj_destroy_codec(handle);
        return true;
    }
}

/// <summary>An opj_stream_t, destroyed with opj_stream_destroy.</summary>
internal sealed class OpenJpegStreamHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public OpenJpegStreamHandle() : base(ownsHandle: true) { }

    protected override bool ReleaseHandle()
    {
        OpenJpegNative.opj_stream_destroy(handle);
        return true;
    }
}

/// <summary>An opj_image_t the library allocated, destroyed with opj_image_destroy.</summary>
internal sealed unsafe class OpenJpegImageHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public OpenJpegImageHandle(OpenJpegNative.OpjImage* image) : base(ownsHandle: true) => SetHandle((nint)image);

    public OpenJpegNative.OpjImage* Image => (OpenJpegNative.OpjImage*)handle;

    protected override bool ReleaseHandle()
    {
        OpenJpegNative.opj_image_destroy(handle);
        return true;
    }
}
