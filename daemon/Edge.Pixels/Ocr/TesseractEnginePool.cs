using System.Collections.Concurrent;

namespace Edge.Pixels.Ocr;

/// <summary>
/// Engines for reuse: loading the language models takes a noticeable time, and an engine serves one thread at a
/// time, so each call rents one and gives it back. Up to <see cref="OcrOptions.MaxIdleEngines"/> are kept.
/// </summary>
internal sealed class TesseractEnginePool(OcrOptions options) : IDisposable
{
    private readonly ConcurrentBag<TesseractEngine> _idle = [];
    private bool _disposed;

    public TesseractEngine Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _idle.TryTake(out var engine) ? engine : new TesseractEngine(options);
    }

    public void Return(TesseractEngine engine)
    {
        if (_disposed || _idle.Count >= options.MaxIdleEngines)
        {
            engine.Dispose();
            return;
        }
        _idle.Add(engine);
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var engine))
        {
            engine.Dispose();
        }
    }
}
