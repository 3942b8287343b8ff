using Edge.Dicom.Data;

namespace Edge.Deid.Rules;

/// <summary>
/// One row of PS3.15 Table E.1-1: the action of the Basic Profile and, where the table has one, the action each option
/// substitutes for it. <see cref="Mask"/> has 0 bits where the table writes x ((60XX,3000)), so a row matches a tag when
/// <c>(tag.Value &amp; Mask) == Tag.Value</c>.
/// </summary>
public sealed record ProfileRow(
    DicomTag Tag,
    uint Mask,
    string Name,
    bool InStandardCompositeIod,
    DeidAction Basic,
    IReadOnlyDictionary<DeidOption, DeidAction> Options)
{
    public bool IsMasked => Mask != 0xFFFFFFFF;

    public bool Matches(DicomTag tag) => (tag.Value & Mask) == Tag.Value;

    /// <summary>The action an option substitutes for the basic one, or null when the option leaves this row alone.</summary>
    public DeidAction? ActionFor(DeidOption option) => Options.TryGetValue(option, out var action) ? action : null;
}
