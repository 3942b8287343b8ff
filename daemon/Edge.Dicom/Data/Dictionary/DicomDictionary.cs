using System.Collections.Frozen;

namespace Edge.Dicom.Data;

/// <summary>
/// The PS3.6 data dictionary, generated from the standard into DicomDictionary.Generated.cs, plus a dictionary of
/// private elements known per creator (PrivateDictionary.Generated.cs). Lookups are one hash probe for exact tags;
/// repeating groups (50xx, 60xx, 7Fxx, ...) fall back to the few masked entries.
/// </summary>
public static partial class DicomDictionary
{
    // Built in the static constructor, which runs after every field initializer of every part of this partial class:
    // the generated arrays live in other files, and field initializers across files have no defined order.
    private static readonly FrozenDictionary<uint, DicomDictionaryEntry> s_byTag;
    private static readonly DicomDictionaryEntry[] s_repeating;
    private static readonly FrozenDictionary<string, DicomDictionaryEntry> s_byKeyword;
    private static readonly FrozenDictionary<(string Creator, ushort Group, byte Offset), PrivateDictionaryEntry> s_private;

#pragma warning disable CA1810 // The constructor exists to order initialisation, see above.
    static DicomDictionary()
#pragma warning restore CA1810
    {
        s_byTag = GeneratedEntries.Where(e => !e.IsRepeating).ToFrozenDictionary(e => e.Tag.Value);
        s_repeating = GeneratedEntries.Where(e => e.IsRepeating).ToArray();
        s_byKeyword = GeneratedEntries.Where(e => e.Keyword.Length > 0)
            .GroupBy(e => e.Keyword, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        s_private = GeneratedPrivateEntries
            .GroupBy(e => (e.Creator, e.Group, e.Offset))
            .ToFrozenDictionary(g => g.Key, g => g.First());
    }

    public static IReadOnlyList<DicomDictionaryEntry> Entries => GeneratedEntries;

    public static DicomDictionaryEntry? Lookup(DicomTag tag)
    {
        if (s_byTag.TryGetValue(tag.Value, out var entry))
        {
            return entry;
        }
        foreach (var e in s_repeating)
        {
            if (e.Matches(tag))
            {
                return e;
            }
        }
        return null;
    }

    public static DicomDictionaryEntry? Lookup(string keyword) =>
        s_byKeyword.TryGetValue(keyword, out var entry) ? entry : null;

    /// <summary>A private element by its creator and tag; the block byte of the tag is ignored.</summary>
    public static PrivateDictionaryEntry? LookupPrivate(string creator, DicomTag tag) =>
        s_private.TryGetValue((creator.Trim(), tag.Group, tag.PrivateOffset), out var entry) ? entry : null;

    /// <summary>The VR to use for a tag met in implicit VR, or UN when the dictionary does not know it.</summary>
    public static DicomVR ImplicitVR(DicomTag tag)
    {
        if (tag.IsGroupLength)
        {
            return DicomVR.UL;
        }
        if (tag.IsPrivateCreator)
        {
            return DicomVR.LO;
        }
        return Lookup(tag)?.VR ?? DicomVR.UN;
    }

    public static string KeywordOf(DicomTag tag) => Lookup(tag)?.Keyword ?? (tag.IsPrivate ? "PrivateElement" : "Unknown");
}
