using System.Collections.Frozen;
using Edge.Dicom.Data;

namespace Edge.Deid.Rules;

/// <summary>
/// A private tag knowledge base for the Retain Safe Private Option: which private elements, where they are nested, are
/// safe to keep, and which are dates or UIDs to transform. TCIA's is generated into Generated/TciaPrivateTagKb.Generated.cs.
/// </summary>
public sealed class PrivateTagKnowledgeBase
{
    private readonly FrozenDictionary<(string Enclosing, string Creator, ushort Group, byte Offset), PrivateTagRule> _rules;

    public PrivateTagKnowledgeBase(string edition, IReadOnlyList<PrivateTagRule> rules)
    {
        Edition = edition;
        Rules = rules;
        _rules = rules.ToFrozenDictionary(r => (Enclosing(r), r.Creator, r.Group, r.Offset));
    }

    public string Edition { get; }

    public IReadOnlyList<PrivateTagRule> Rules { get; }

    /// <summary>
    /// The rule for a private data element of <paramref name="creator"/> at <paramref name="enclosing"/> (the top-level
    /// dataset when null), or null when the knowledge base does not know it, which the engine treats as Delete.
    /// </summary>
    public PrivateTagRule? Lookup(string creator, DicomTag tag, PrivateTagPath? enclosing = null)
    {
        if (!tag.IsPrivateData)
        {
            return null;
        }
        var key = ((enclosing ?? PrivateTagPath.Root).Signature, creator.Trim(), tag.Group, tag.PrivateOffset);
        return _rules.TryGetValue(key, out var rule) ? rule : null;
    }

    // A rule's path is its enclosing signature followed by its own component.
    private static string Enclosing(PrivateTagRule rule)
    {
        var own = PrivateTagPath.PrivateComponent(rule.Group, rule.Creator, rule.Offset);
        if (!rule.Path.EndsWith(own, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The path {rule.Path} does not end with the rule's own element {own}", nameof(rule));
        }
        return rule.Path[..^own.Length];
    }
}
