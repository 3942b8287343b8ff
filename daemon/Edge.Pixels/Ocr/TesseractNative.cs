using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Edge.Pixels.Ocr;

/// <summary>The Tesseract 5 C API (capi.h) of Debian's libtesseract5.</summary>
internal static unsafe partial class TesseractNative
{
    public const string Library = "libtesseract.so.5";
    public const string Package = "libtesseract5";

    /// <summary>PageIteratorLevel RIL_WORD.</summary>
    public const int LevelWord = 3;

    public static void Require() => Interop.NativeLibraryProbe.Require(Library, Package,
        "TessBaseAPICreate", "TessBaseAPIInit3", "TessBaseAPISetPageSegMode", "TessBaseAPISetVariable",
        "TessBaseAPISetImage", "TessBaseAPISetSourceResolution", "TessBaseAPIRecognize", "TessBaseAPIGetIterator",
        "TessBaseAPIClear", "TessBaseAPIEnd", "TessBaseAPIDelete", "TessResultIteratorGetUTF8Text",
        "TessResultIteratorConfidence", "TessResultIteratorGetPageIterator", "TessPageIteratorBoundingBox",
        "TessResultIteratorNext", "TessResultIteratorDelete", "TessDeleteText");

    [LibraryImport(Library)]
    public static partial TesseractApiHandle TessBaseAPICreate();

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int TessBaseAPIInit3(TesseractApiHandle api, string dataPath, string language);

    [LibraryImport(Library)]
    public static partial void TessBaseAPISetPageSegMode(TesseractApiHandle api, int mode);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int TessBaseAPISetVariable(TesseractApiHandle api, string name, string value);

    [LibraryImport(Library)]
    public static partial void TessBaseAPISetImage(TesseractApiHandle api, byte* data, int width, int height, int bytesPerPixel, int bytesPerLine);

    [LibraryImport(Library)]
    public static partial void TessBaseAPISetSourceResolution(TesseractApiHandle api, int ppi);

    [LibraryImport(Library)]
    public static partial int TessBaseAPIRecognize(TesseractApiHandle api, nint monitor);

    [LibraryImport(Library)]
    public static partial TesseractIteratorHandle TessBaseAPIGetIterator(TesseractApiHandle api);

    [LibraryImport(Library)]
    public static partial void TessBaseAPIClear(TesseractApiHandle api);

    [LibraryImport(Library)]
    public static partial void TessBaseAPIEnd(nint api);

    [LibraryImport(Library)]
    public static partial void TessBaseAPIDelete(nint api);

    [LibraryImport(Library)]
    public static partial nint TessResultIteratorGetUTF8Text(TesseractIteratorHandle iterator, int level);

    [LibraryImport(Library)]
    public static partial float TessResultIteratorConfidence(TesseractIteratorHandle iterator, int level);

    [LibraryImport(Library)]
    public static partial nint TessResultIteratorGetPageIterator(TesseractIteratorHandle iterator);

    [LibraryImport(Library)]
    public static partial int TessPageIteratorBoundingBox(nint pageIterator, int level, int* left, int* top, int* right, int* bottom);

    [LibraryImport(Library)]
    public static partial int TessResultIteratorNext(TesseractIteratorHandle iterator, int level);

    [LibraryImport(Library)]
    public static partial void TessResultIteratorDelete(nint iterator);

    [LibraryImport(Library)]
    public static partial void TessDeleteText(nint text);
}

/// <summary>A TessBaseAPI, ended and deleted on release.</summary>
internal sealed class TesseractApiHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public TesseractApiHandle() : base(ownsHandle: true) { }

    protected override bool ReleaseHandle()
    {
        TesseractNative.TessBaseAPIEnd(handle);
        TesseractNative.TessBaseAPIDelete(handle);
        return true;
    }
}

/// <summary>A TessResultIterator, deleted on release.</summary>
internal sealed class TesseractIteratorHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public TesseractIteratorHandle() : base(ownsHandle: true) { }

    protected override bool ReleaseHandle()
    {
        TesseractNative.TessResultIteratorDelete(handle);
        return true;
    }
}
