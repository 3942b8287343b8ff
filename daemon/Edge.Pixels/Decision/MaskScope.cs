namespace Edge.Pixels.Decision;

/// <summary>Which text found in the pixels is masked.</summary>
public enum MaskScope
{
    /// <summary>Identifying words only: the instance's identifiers, digit runs, dates, names after honorifics.</summary>
    Identifiers,

    /// <summary>Identifying words, and every word outside the anatomy (<see cref="AnatomyBands"/>).</summary>
    OutsideAnatomy,

    /// <summary>Every word found.</summary>
    AllText,
}
