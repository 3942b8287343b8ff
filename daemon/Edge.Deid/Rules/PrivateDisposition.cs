namespace Edge.Deid.Rules;

/// <summary>
/// What TCIA's private tag knowledge base says to do with a private element (its private_disposition column). The codes
/// are those of the Posda curation tools that maintain the knowledge base (Posda::PrivateDispositions): k, d, h, o, oi
/// and na. The published file also holds case and space variants (" k", "K", "D"), read as the same codes, and blanks,
/// read as Delete like any unknown code.
/// </summary>
public enum PrivateDisposition
{
    /// <summary>d, or any code not listed here: remove the element.</summary>
    Delete,

    /// <summary>
    /// na, not applicable: TCIA assigns the element no disposition of its own and Posda leaves it as it is. It marks
    /// mostly private sequences whose items are judged element by element, and elements inside such items. On its
    /// own it does not vouch that a value is safe.
    /// </summary>
    NotApplicable,

    /// <summary>oi, offset integer: a date held as an integer count of seconds since 1970; shift it by the date offset.</summary>
    OffsetInteger,

    /// <summary>o, offset: a date or date-time string (DA, DT, or text holding one); shift it by the date offset.</summary>
    OffsetDate,

    /// <summary>h, hash: a UID; replace it with one derived from it, consistently, as for public UIDs.</summary>
    HashUid,

    /// <summary>k: known not to identify the patient; keep it.</summary>
    Keep,
}

/// <summary>Reads the knowledge base's disposition codes.</summary>
public static class PrivateDispositions
{
    /// <summary>The disposition for a code, trimmed and case-blind; blank or unknown codes fail closed to Delete.</summary>
    public static PrivateDisposition Parse(string? code) => code?.Trim().ToLowerInvariant() switch
    {
        "k" => PrivateDisposition.Keep,
        "h" => PrivateDisposition.HashUid,
        "o" => PrivateDisposition.OffsetDate,
        "oi" => PrivateDisposition.OffsetInteger,
        "na" => PrivateDisposition.NotApplicable,
        _ => PrivateDisposition.Delete,
    };
}
