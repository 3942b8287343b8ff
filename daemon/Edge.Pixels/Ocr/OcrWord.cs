namespace Edge.Pixels.Ocr;

/// <summary>A word the OCR read: its text, its box in frame coordinates, and Tesseract's confidence (0-100).</summary>
public sealed record OcrWord(string Text, PixelRect Box, float Confidence);
