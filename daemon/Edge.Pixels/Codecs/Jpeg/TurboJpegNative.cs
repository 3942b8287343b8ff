using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Edge.Pixels.Codecs.Jpeg;

/// <summary>
/// The TurboJPEG API of Debian's libturbojpeg0 (libjpeg-turbo 2.1): 8-bit DCT-based JPEG only. Errors inside the
/// library are caught by its own setjmp handler and come back as -1 with a message, never as a longjmp across us.
/// </summary>
internal static unsafe partial class TurboJpegNative
{
    public const string Library = "libturbojpeg.so.0";
    public const string Package = "libturbojpeg0";

    public const int PixelFormatRgb = 0;
    public const int PixelFormatGray = 6;
    public const int Subsampling444 = 0;
    public const int Subsampling422 = 1;
    public const int Subsampling420 = 2;
    public const int ColorspaceGray = 2;
    public const int FlagAccurateDct = 4096;
    public const int OperationNone = 0;

    public static void Require() => Interop.NativeLibraryProbe.Require(Library, Package,
        "tjInitDecompress", "tjInitTransform", "tjDecompressHeader3", "tjDecompress2", "tjDecompressToYUVPlanes", "tjPlaneWidth", "tjPlaneHeight", "tjTransform", "tjFree",
        "tjDestroy", "tjGetErrorStr2");

    [LibraryImport(Library)]
    public static partial TurboJpegHandle tjInitDecompress();

    [LibraryImport(Library)]
    public static partial TurboJpegHandle tjInitTransform();

    [LibraryImport(Library)]
    public static partial int tjDestroy(nint handle);

    [LibraryImport(Library)]
    public static partial int tjDecompressHeader3(TurboJpegHandle handle, byte* jpeg, nuint size,
        out int width, out int height, out int subsampling, out int colorspace);

    [LibraryImport(Library)]
    public static partial int tjDecompress2(TurboJpegHandle handle, byte* jpeg, nuint size, byte* destination,
        int width, int pitch, int height, int pixelFormat, int flags);

    [LibraryImport(Library)]
    public static partial int tjDecompressToYUVPlanes(TurboJpegHandle handle, byte* jpeg, nuint size, byte** planes,
        int width, int* strides, int height, int flags);

    [LibraryImport(Library)]
    public static partial int tjPlaneWidth(int component, int width, int subsampling);

    [LibraryImport(Library)]
    public static partial int tjPlaneHeight(int component, int height, int subsampling);

    [LibraryImport(Library)]
    public static partial int tjTransform(TurboJpegHandle handle, byte* jpeg, nuint size, int count,
        byte** destinations, nuint* destinationSizes, TjTransform* transforms, int flags);

    [LibraryImport(Library)]
    public static partial void tjFree(byte* buffer);

    [LibraryImport(Library)]
    public static partial nint tjGetErrorStr2(TurboJpegHandle handle);

    public static string LastError(TurboJpegHandle handle) =>
        Marshal.PtrToStringUTF8(tjGetErrorStr2(handle)) ?? "unknown error";

    /// <summary>tjregion.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct TjRegion
    {
        public int X;
        public int Y;
        public int W;
        public int H;
    }

    /// <summary>tjtransform: a region, an operation, options, user data and the custom coefficient filter.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct TjTransform
    {
        public TjRegion Region;
        public int Operation;
        public int Options;
        public void* Data;
        public delegate* unmanaged<short*, TjRegion, TjRegion, int, int, TjTransform*, int> CustomFilter;
    }
}

/// <summary>A tjhandle, destroyed with tjDestroy.</summary>
internal sealed class TurboJpegHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public TurboJpegHandle() : base(ownsHandle: true) { }

    protected override bool ReleaseHandle() => TurboJpegNative.tjDestroy(handle) == 0;
}
