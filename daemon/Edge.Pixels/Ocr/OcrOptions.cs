namespace Edge.Pixels.Ocr;

/// <summary>Settings of <see cref="TesseractOcr"/>; every default is what burned-in annotation detection needs.</summary>
public sealed class OcrOptions
{
    /// <summary>Directory of the traineddata files. Default: Debian's /usr/share/tesseract-ocr/5/tessdata.</summary>
    public string DataPath { get; init; } = "/usr/share/tesseract-ocr/5/tessdata";

    /// <summary>Tesseract language list. Default "eng+fra": annotations are English or French.</summary>
    public string Languages { get; init; } = "eng+fra";

    /// <summary>Images whose smaller side is below this are upscaled for OCR. Default 1024 pixels.</summary>
    public int UpscaleBelow { get; init; } = 1024;

    /// <summary>Upscaling factor for small images; overlay text is often 8-10 pixels high. Default 2.</summary>
    public int UpscaleFactor { get; init; } = 2;

    /// <summary>
    /// Images whose larger side is above this are reduced by a whole factor first: text on a photograph or a scanned
    /// page of several thousand pixels is large, and recognition time grows with the area. Default 2400 pixels.
    /// </summary>
    public int DownscaleAbove { get; init; } = 2400;

    /// <summary>
    /// Grey levels at which extra binarised passes cut the image (bright text becomes black on white). Default 128
    /// and 200: mid-grey overlays and the near-white text most modalities burn in.
    /// </summary>
    public IReadOnlyList<byte> Thresholds { get; init; } = [128, 200];

    /// <summary>Also recognise the inverted grey image, as Tesseract reads dark-on-light text best. Default true.</summary>
    public bool IncludeInverted { get; init; } = true;

    /// <summary>Engines kept for reuse (each is single-threaded and takes a moment to load). Default: processor count.</summary>
    public int MaxIdleEngines { get; init; } = Environment.ProcessorCount;
}
