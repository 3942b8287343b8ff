using System.Collections.Frozen;

namespace Edge.Dicom.Data;

/// <summary>A transfer syntax and what it means for encoding the dataset (PS3.5 Section 10, Annex A).</summary>
public sealed class TransferSyntax : IEquatable<TransferSyntax>
{
    private TransferSyntax(string uid, string name, bool explicitVR, bool bigEndian, bool deflated, bool encapsulated,
        bool lossy, bool known = true)
    {
        Uid = uid;
        Name = name;
        IsExplicitVR = explicitVR;
        IsBigEndian = bigEndian;
        IsDeflated = deflated;
        IsEncapsulated = encapsulated;
        IsLossy = lossy;
        IsKnown = known;
    }

    public string Uid { get; }
    public string Name { get; }
    public bool IsExplicitVR { get; }
    public bool IsBigEndian { get; }
    public bool IsDeflated { get; }
    public bool IsEncapsulated { get; }
    public bool IsLossy { get; }
    public bool IsKnown { get; }

    /// <summary>Native (uncompressed) pixel data: one of the three plain syntaxes or deflate.</summary>
    public bool IsNative => !IsEncapsulated;

    public static readonly TransferSyntax ImplicitVRLittleEndian = new("1.2.840.10008.1.2", "Implicit VR Little Endian", false, false, false, false, false);
    public static readonly TransferSyntax ExplicitVRLittleEndian = new("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, false, false, false, false);
    public static readonly TransferSyntax DeflatedExplicitVRLittleEndian = new("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, false, true, false, false);
    public static readonly TransferSyntax ExplicitVRBigEndian = new("1.2.840.10008.1.2.2", "Explicit VR Big Endian (retired)", true, true, false, false, false);
    public static readonly TransferSyntax JpegBaseline = Encap("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)", true);
    public static readonly TransferSyntax JpegExtended = Encap("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)", true);
    public static readonly TransferSyntax JpegLossless = Encap("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)", false);
    public static readonly TransferSyntax JpegLosslessSV1 = Encap("1.2.840.10008.1.2.4.70", "JPEG Lossless, First-Order Prediction (Process 14 SV1)", false);
    public static readonly TransferSyntax JpegLsLossless = Encap("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless", false);
    public static readonly TransferSyntax JpegLsNearLossless = Encap("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless)", true);
    public static readonly TransferSyntax Jpeg2000Lossless = Encap("1.2.840.10008.1.2.4.90", "JPEG 2000 (Lossless Only)", false);
    public static readonly TransferSyntax Jpeg2000 = Encap("1.2.840.10008.1.2.4.91", "JPEG 2000", true);
    public static readonly TransferSyntax RleLossless = Encap("1.2.840.10008.1.2.5", "RLE Lossless", false);

    private static readonly TransferSyntax[] s_known =
    [
        ImplicitVRLittleEndian, ExplicitVRLittleEndian, DeflatedExplicitVRLittleEndian, ExplicitVRBigEndian,
        JpegBaseline, JpegExtended,
        Encap("1.2.840.10008.1.2.4.52", "JPEG Extended (Process 3 & 5) (retired)", true),
        Encap("1.2.840.10008.1.2.4.53", "JPEG Spectral Selection, Non-Hierarchical (Process 6 & 8) (retired)", true),
        Encap("1.2.840.10008.1.2.4.54", "JPEG Spectral Selection, Non-Hierarchical (Process 7 & 9) (retired)", true),
        Encap("1.2.840.10008.1.2.4.55", "JPEG Full Progression, Non-Hierarchical (Process 10 & 12) (retired)", true),
        Encap("1.2.840.10008.1.2.4.56", "JPEG Full Progression, Non-Hierarchical (Process 11 & 13) (retired)", true),
        JpegLossless,
        Encap("1.2.840.10008.1.2.4.58", "JPEG Lossless, Non-Hierarchical (Process 15) (retired)", false),
        Encap("1.2.840.10008.1.2.4.59", "JPEG Extended, Hierarchical (Process 16 & 18) (retired)", true),
        Encap("1.2.840.10008.1.2.4.60", "JPEG Extended, Hierarchical (Process 17 & 19) (retired)", true),
        Encap("1.2.840.10008.1.2.4.61", "JPEG Spectral Selection, Hierarchical (Process 20 & 22) (retired)", true),
        Encap("1.2.840.10008.1.2.4.62", "JPEG Spectral Selection, Hierarchical (Process 21 & 23) (retired)", true),
        Encap("1.2.840.10008.1.2.4.63", "JPEG Full Progression, Hierarchical (Process 24 & 26) (retired)", true),
        Encap("1.2.840.10008.1.2.4.64", "JPEG Full Progression, Hierarchical (Process 25 & 27) (retired)", true),
        Encap("1.2.840.10008.1.2.4.65", "JPEG Lossless, Hierarchical (Process 28) (retired)", false),
        Encap("1.2.840.10008.1.2.4.66", "JPEG Lossless, Hierarchical (Process 29) (retired)", false),
        JpegLosslessSV1, JpegLsLossless, JpegLsNearLossless, Jpeg2000Lossless, Jpeg2000,
        Encap("1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component (Lossless Only)", false),
        Encap("1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2 Multi-component", true),
        Encap("1.2.840.10008.1.2.4.94", "JPIP Referenced", true),
        Encap("1.2.840.10008.1.2.4.95", "JPIP Referenced Deflate", true),
        Encap("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level", true),
        Encap("1.2.840.10008.1.2.4.100.1", "Fragmentable MPEG2 Main Profile / Main Level", true),
        Encap("1.2.840.10008.1.2.4.101", "MPEG2 Main Profile / High Level", true),
        Encap("1.2.840.10008.1.2.4.101.1", "Fragmentable MPEG2 Main Profile / High Level", true),
        Encap("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1", true),
        Encap("1.2.840.10008.1.2.4.102.1", "Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.1", true),
        Encap("1.2.840.10008.1.2.4.103", "MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1", true),
        Encap("1.2.840.10008.1.2.4.103.1", "Fragmentable MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1", true),
        Encap("1.2.840.10008.1.2.4.104", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video", true),
        Encap("1.2.840.10008.1.2.4.104.1", "Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video", true),
        Encap("1.2.840.10008.1.2.4.105", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video", true),
        Encap("1.2.840.10008.1.2.4.105.1", "Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video", true),
        Encap("1.2.840.10008.1.2.4.106", "MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2", true),
        Encap("1.2.840.10008.1.2.4.106.1", "Fragmentable MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2", true),
        Encap("1.2.840.10008.1.2.4.107", "HEVC/H.265 Main Profile / Level 5.1", true),
        Encap("1.2.840.10008.1.2.4.108", "HEVC/H.265 Main 10 Profile / Level 5.1", true),
        Encap("1.2.840.10008.1.2.4.110", "JPEG XL Lossless", false),
        Encap("1.2.840.10008.1.2.4.111", "JPEG XL JPEG Recompression", true),
        Encap("1.2.840.10008.1.2.4.112", "JPEG XL", true),
        Encap("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 Image Compression (Lossless Only)", false),
        Encap("1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)", false),
        Encap("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000 Image Compression", true),
        Encap("1.2.840.10008.1.2.4.204", "JPIP HTJ2K Referenced", true),
        Encap("1.2.840.10008.1.2.4.205", "JPIP HTJ2K Referenced Deflate", true),
        RleLossless,
        Encap("1.2.840.10008.1.2.6.1", "RFC 2557 MIME encapsulation (retired)", false),
        Encap("1.2.840.10008.1.2.6.2", "XML Encoding (retired)", false),
        Encap("1.2.840.10008.1.2.8.1", "Deflated Image Frame Compression", false),
        new("1.2.840.10008.1.2.7.1", "SMPTE ST 2110-20 Uncompressed Progressive Active Video", true, false, false, true, false),
        new("1.2.840.10008.1.2.7.2", "SMPTE ST 2110-20 Uncompressed Interlaced Active Video", true, false, false, true, false),
        new("1.2.840.10008.1.2.7.3", "SMPTE ST 2110-30 PCM Digital Audio", true, false, false, true, false),
    ];

    private static readonly FrozenDictionary<string, TransferSyntax> s_byUid = s_known.ToFrozenDictionary(t => t.Uid, StringComparer.Ordinal);

    public static IReadOnlyCollection<TransferSyntax> Known => s_known;

    private static TransferSyntax Encap(string uid, string name, bool lossy) => new(uid, name, true, false, false, true, lossy);

    /// <summary>
    /// The syntax for a UID. An unknown UID is taken as explicit VR little endian with encapsulated pixel data, as
    /// every syntax defined since 1993 is, so its files still parse; <see cref="IsKnown"/> tells it apart.
    /// </summary>
    public static TransferSyntax Lookup(string uid)
    {
        var clean = uid.TrimEnd('\0', ' ');
        return s_byUid.TryGetValue(clean, out var ts)
            ? ts
            : new TransferSyntax(clean, "Unknown transfer syntax " + clean, true, false, false, true, true, known: false);
    }

    public static bool TryLookupKnown(string uid, out TransferSyntax syntax) => s_byUid.TryGetValue(uid.TrimEnd('\0', ' '), out syntax!);

    public bool Equals(TransferSyntax? other) => other is not null && string.Equals(Uid, other.Uid, StringComparison.Ordinal);
    public override bool Equals(object? obj) => Equals(obj as TransferSyntax);
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Uid);
    public override string ToString() => Name;
}
