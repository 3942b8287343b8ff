namespace Edge.Dicom.Network;

/// <summary>Counts established associations against the configured maximum.</summary>
internal sealed class AssociationLimiter(int maximum)
{
    private int _count;

    public int Maximum => maximum;

    public int Count => Volatile.Read(ref _count);

    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _count) <= maximum)
        {
            return true;
        }
        Interlocked.Decrement(ref _count);
        return false;
    }

    public void Exit() => Interlocked.Decrement(ref _count);
}
