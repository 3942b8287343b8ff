namespace Edge.Workspaces.Storage;

/// <summary>
/// De-identified UIDs as path components. Only digits separated by single dots, at most 64 characters, pass: no
/// separator, no "..", no letters, so a UID can never lead a path out of its workspace.
/// </summary>
public static class UidPaths
{
    public const int MaxLength = 64;
    public const string InstanceExtension = ".dcm";

    public static bool IsValid(string? uid)
    {
        if (uid is not { Length: > 0 and <= MaxLength } || uid[0] == '.' || uid[^1] == '.')
        {
            return false;
        }
        for (var i = 0; i < uid.Length; i++)
        {
            var c = uid[i];
            if (c == '.' ? uid[i - 1] == '.' : !char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return true;
    }

    /// <exception cref="InvalidUidException">The UID is missing or not a plain UID; <paramref name="what"/> names it.</exception>
    public static string Require(string? uid, string what)
    {
        if (!IsValid(uid))
        {
            throw new InvalidUidException(uid is null or ""
                ? $"The {what} is missing."
                : $"The {what} \"{Printable(uid)}\" is not a valid UID (digits separated by dots, at most {MaxLength} characters).");
        }
        return uid!;
    }

    /// <summary><c>study/series/instance.dcm</c>, with '/' whatever the platform.</summary>
    public static string RelativeInstancePath(string studyUid, string seriesUid, string sopInstanceUid) =>
        $"{Require(studyUid, "Study Instance UID")}/{Require(seriesUid, "Series Instance UID")}/{Require(sopInstanceUid, "SOP Instance UID")}{InstanceExtension}";

    /// <summary>A bad value is echoed in the message only as printable ASCII, cut short.</summary>
    private static string Printable(string value)
    {
        var cut = value.Length > 80 ? value[..80] + "…" : value;
        return new string(cut.Select(c => c is >= ' ' and <= '~' or '…' ? c : '?').ToArray());
    }
}
