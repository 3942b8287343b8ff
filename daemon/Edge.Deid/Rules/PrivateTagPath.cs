using System.Globalization;
using Edge.Dicom.Data;

namespace Edge.Deid.Rules;

/// <summary>
/// Where an element sits: the sequence elements that enclose it, written as TCIA writes signatures. Each enclosing
/// element is <c>(gggg,eeee)</c> when public or <c>(gggg,"creator",oo)</c> when private (lower-case hex, the creator
/// trimmed, oo the offset byte), followed by <c>[&lt;depth&gt;]</c>. The engine enters a path as it descends into a
/// sequence's items, so every lookup below is a single hash probe.
/// </summary>
public sealed class PrivateTagPath
{
    private PrivateTagPath(string signature, int depth)
    {
        Signature = signature;
        Depth = depth;
    }

    /// <summary>The top-level dataset.</summary>
    public static PrivateTagPath Root { get; } = new(string.Empty, 0);

    public string Signature { get; }

    /// <summary>How many sequences enclose the position.</summary>
    public int Depth { get; }

    /// <summary>The path inside the items of <paramref name="sequence"/>; pass its creator when it is a private element.</summary>
    public PrivateTagPath Enter(DicomTag sequence, string? creator) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{Signature}{Component(sequence, creator)}[<{Depth}>]"), Depth + 1);

    /// <summary>The signature of one element: private form when a creator is given, public form otherwise.</summary>
    public static string Component(DicomTag tag, string? creator) =>
        creator is null
            ? string.Create(CultureInfo.InvariantCulture, $"({tag.Group:x4},{tag.Element:x4})")
            : PrivateComponent(tag.Group, creator.Trim(), tag.PrivateOffset);

    internal static string PrivateComponent(ushort group, string creator, byte offset) =>
        string.Create(CultureInfo.InvariantCulture, $"({group:x4},\"{creator}\",{offset:x2})");
}
