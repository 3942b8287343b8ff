namespace Edge.Deid.Rules;

/// <summary>
/// The action codes of PS3.15 Table E.1-1. The combined codes leave the choice to the IOD: "A/B" means A unless the
/// element's type in the IOD requires B (a Type 1 element cannot be removed, a Type 2 cannot be dropped).
/// </summary>
public enum DeidAction
{
    /// <summary>K: keep the value unchanged.</summary>
    Keep,

    /// <summary>X: remove the element.</summary>
    Remove,

    /// <summary>Z: replace with a zero-length value, or a dummy value consistent with the VR.</summary>
    Zero,

    /// <summary>D: replace with a non-zero-length dummy value consistent with the VR.</summary>
    Dummy,

    /// <summary>C: replace with values of similar meaning known not to identify the patient.</summary>
    Clean,

    /// <summary>U: replace with a non-zero-length UID, consistent within the set of instances.</summary>
    ReplaceUid,

    /// <summary>X/Z.</summary>
    RemoveOrZero,

    /// <summary>X/D.</summary>
    RemoveOrDummy,

    /// <summary>Z/D.</summary>
    ZeroOrDummy,

    /// <summary>X/Z/D.</summary>
    RemoveZeroOrDummy,

    /// <summary>X/Z/U*: remove, zero, or (for sequences holding UIDs) replace the UIDs inside.</summary>
    RemoveZeroOrReplaceUid,
}

/// <summary>Reads and writes the table's codes ("K", "X/Z/U*", ...).</summary>
public static class DeidActions
{
    private static readonly (DeidAction Action, string Code)[] s_codes =
    [
        (DeidAction.Keep, "K"),
        (DeidAction.Remove, "X"),
        (DeidAction.Zero, "Z"),
        (DeidAction.Dummy, "D"),
        (DeidAction.Clean, "C"),
        (DeidAction.ReplaceUid, "U"),
        (DeidAction.RemoveOrZero, "X/Z"),
        (DeidAction.RemoveOrDummy, "X/D"),
        (DeidAction.ZeroOrDummy, "Z/D"),
        (DeidAction.RemoveZeroOrDummy, "X/Z/D"),
        (DeidAction.RemoveZeroOrReplaceUid, "X/Z/U*"),
    ];

    public static string ToCode(this DeidAction action)
    {
        foreach (var (a, code) in s_codes)
        {
            if (a == action)
            {
                return code;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(action), action, "Not a Table E.1-1 action");
    }

    public static bool TryParse(string? code, out DeidAction action)
    {
        var trimmed = code?.Trim();
        foreach (var (a, c) in s_codes)
        {
            if (c == trimmed)
            {
                action = a;
                return true;
            }
        }
        action = default;
        return false;
    }

    public static DeidAction Parse(string code) =>
        TryParse(code, out var action) ? action : throw new FormatException($"'{code}' is not a Table E.1-1 action code");
}
