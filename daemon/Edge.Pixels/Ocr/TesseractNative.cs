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

    private const string LeptonicaLibrary = "liblept.so.5";

    /// <summary>L_SEVERITY_NONE of Leptonica's environ.h.</summary>
    private const int SeverityNone = 6;

    private static readonly Lazy<bool> s_environment = new(PrepareEnvironment);

    public static void Require()
    {
        _ = s_environment.Value;
        RequireLibrary();
    }

    /// <summary>
    /// Before the library loads: one OpenMP thread per recognition (libgomp reads OMP_THREAD_LIMIT once, when it is
    /// loaded with libtesseract). Engines already run one per caller thread, and OpenMP's spinning workers slow a busy
    /// machine several times over. An operator's own setting wins. Leptonica's messages to stderr are silenced too.
    /// </summary>
    private static bool PrepareEnvironment()
    {
        setenv("OMP_THREAD_LIMIT", "1", 0);
        if (NativeLibrary.TryLoad(LeptonicaLibrary, out var leptonica) && NativeLibrary.TryGetExport(leptonica, "setMsgSeverity", out var setSeverity))
        {
            ((delegate* unmanaged<int, int>)setSeverity)(SeverityNone);
        }
        return true;
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);

    private static void RequireLibrary() => Interop.NativeLibraryProbe.Require(Library, Package,
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
