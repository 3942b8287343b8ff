using System.Collections.Frozen;

namespace Edge.Dicom.Data;

/// <summary>A SOP class of the standard: its UID, name and the IOD its instances follow.</summary>
public sealed record SopClass(string Uid, string Name, string Iod)
{
    // The one storage SOP class whose name lacks "Storage" (retired, PS3.4 Annex B).
    private const string MacularGridThicknessAndVolumeReport = "1.2.840.10008.5.1.4.1.1.79.1";

    // A DICOMDIR: interchanged on media only, never sent with C-STORE.
    private const string MediaStorageDirectoryStorage = "1.2.840.10008.1.3.10";

    /// <summary>Whether instances of this class are sent with C-STORE (the Storage Service Class and its kin).</summary>
    public bool IsStorage => Uid switch
    {
        MacularGridThicknessAndVolumeReport => true,
        MediaStorageDirectoryStorage => false,
        _ => (Name.EndsWith(" Storage", StringComparison.Ordinal) || Name.Contains(" Storage - ", StringComparison.Ordinal))
            && !Name.Contains("Storage Commitment", StringComparison.Ordinal),
    };
}

/// <summary>The SOP classes of the standard, generated into Generated/SopClasses.Generated.cs.</summary>
public static partial class SopClasses
{
    // Built from a generated method rather than a field, so initialisation order across the partial files cannot matter.
    private static readonly SopClass[] s_all = GeneratedSopClasses();

    private static readonly FrozenDictionary<string, SopClass> s_byUid = s_all.ToFrozenDictionary(s => s.Uid, StringComparer.Ordinal);

    public static IReadOnlyList<SopClass> All => s_all;

    public static IReadOnlyList<SopClass> Storage { get; } = s_all.Where(s => s.IsStorage).ToArray();

    /// <summary>The class with this UID; trailing NUL or space padding from a DICOM value is ignored.</summary>
    public static SopClass? Lookup(string uid) =>
        s_byUid.TryGetValue(uid.TrimEnd('\0', ' '), out var sop) ? sop : null;
}
