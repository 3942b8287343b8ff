using System.Runtime.InteropServices;
using Edge.Pixels.Rendering;
using static Edge.Pixels.Ocr.TesseractNative;

namespace Edge.Pixels.Ocr;

/// <summary>One initialised Tesseract instance. Not thread-safe: used by one caller at a time through the pool.</summary>
internal sealed unsafe class TesseractEngine : IDisposable
{
    private readonly TesseractApiHandle _api;

    public TesseractEngine(OcrOptions options)
    {
        TesseractNative.Require();
        _api = TessBaseAPICreate();
        if (_api.IsInvalid)
        {
            throw new OcrException("Tesseract could not be created");
        }
        if (TessBaseAPIInit3(_api, options.DataPath, options.Languages) != 0)
        {
            _api.Dispose();
            throw new OcrException($"Tesseract could not load languages '{options.Languages}' from {options.DataPath}");
        }
        // Tesseract's own diagnostics would go to stderr; the daemon logs through its own channels.
        TessBaseAPISetVariable(_api, "debug_file", "/dev/null");
    }

    /// <summary>Words read in <paramref name="image"/>, boxes in its own pixel coordinates.</summary>
    public List<OcrWord> Recognize(GreyImage image, OcrLayout layout = OcrLayout.SparseText)
    {
        var words = new List<OcrWord>();
        TessBaseAPISetPageSegMode(_api, (int)layout);
        fixed (byte* pixels = image.Pixels)
        {
            TessBaseAPISetImage(_api, pixels, image.Width, image.Height, 1, image.Width);
            TessBaseAPISetSourceResolution(_api, 300);
            try
            {
                if (TessBaseAPIRecognize(_api, 0) != 0)
                {
                    throw new OcrException("Tesseract failed to recognise an image");
                }
                using var iterator = TessBaseAPIGetIterator(_api);
                if (iterator.IsInvalid)
                {
                    return words;
                }
                var page = TessResultIteratorGetPageIterator(iterator);
                do
                {
                    var text = TakeText(TessResultIteratorGetUTF8Text(iterator, LevelWord));
                    int left, top, right, bottom;
                    if (string.IsNullOrWhiteSpace(text) || TessPageIteratorBoundingBox(page, LevelWord, &left, &top, &right, &bottom) == 0)
                    {
                        continue;
                    }
                    words.Add(new OcrWord(text.Trim(), new PixelRect(left, top, right - left, bottom - top),
                        TessResultIteratorConfidence(iterator, LevelWord)));
                }
                while (TessResultIteratorNext(iterator, LevelWord) != 0);
            }
            finally
            {
                // The image is pinned only for this call; Tesseract must forget it before the pin is released.
                TessBaseAPIClear(_api);
            }
        }
        return words;
    }

    public void Dispose() => _api.Dispose();

    private static string? TakeText(nint text)
    {
        if (text == 0)
        {
            return null;
        }
        try
        {
            return Marshal.PtrToStringUTF8(text);
        }
        finally
        {
            TessDeleteText(text);
        }
    }
}
