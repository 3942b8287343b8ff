namespace Edge.Pixels.Ocr;

/// <summary>Tesseract's page segmentation modes Edge uses.</summary>
public enum OcrLayout
{
    /// <summary>PSM_SINGLE_BLOCK: one block of text, such as a strip cut around an overlay line.</summary>
    SingleBlock = 6,

    /// <summary>PSM_SPARSE_TEXT: overlay text scattered in the corners of a frame, not in paragraphs.</summary>
    SparseText = 11,
}
