using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Edge.Deid.Pseudonyms;

/// <summary>
/// A workspace's secret and every value derived from it with HMAC-SHA256. Keyed derivation gives the same pseudonym,
/// UID and date offset for the same input in every run and on every machine that holds the secret, without shared
/// state; a different secret (another project) gives values that cannot be linked to these.
/// Each derivation is domain-separated by a label so that, say, a UID and a patient ID with equal text never collide.
/// </summary>
public sealed class WorkspaceKey
{
    private const string Base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private readonly byte[] _secret;

    public WorkspaceKey(string workspace, byte[] secret)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workspace);
        if (secret.Length < 16)
        {
            throw new ArgumentException("A workspace secret must have at least 128 bits", nameof(secret));
        }
        Workspace = workspace;
        _secret = (byte[])secret.Clone();
    }

    public string Workspace { get; }

    /// <summary>The patient's pseudonym: <paramref name="prefix"/> then base32 of the keyed hash of issuer and ID.</summary>
    public string PatientPseudonym(PatientKey patient, string prefix, int length) =>
        prefix + Base32(Mac("patient", patient.Canonical), length);

    /// <summary>The patient's whole-day date offset, uniform in [<paramref name="minDays"/>, <paramref name="maxDays"/>].</summary>
    public int DateOffsetDays(PatientKey patient, int minDays, int maxDays)
    {
        var span = (ulong)(maxDays - minDays + 1);
        var v = BinaryPrimitives.ReadUInt64BigEndian(Mac("date-offset", patient.Canonical));
        return minDays + (int)(v % span);
    }

    /// <summary>The patient's time-of-day offset in seconds, in [0, 86399].</summary>
    public int TimeOffsetSeconds(PatientKey patient)
    {
        var v = BinaryPrimitives.ReadUInt64BigEndian(Mac("time-offset", patient.Canonical));
        return (int)(v % 86400);
    }

    /// <summary>
    /// A UID for a UID: <c>2.25.</c> and the decimal of the first 128 bits of its keyed hash (PS3.5 B.2), at most 44
    /// characters. The same UID always maps to the same one, so references stay consistent everywhere.
    /// </summary>
    public string MapUid(string uid)
    {
        var mac = Mac("uid", uid);
        var value = new BigInteger(mac.AsSpan(0, 16), isUnsigned: true, isBigEndian: true);
        return "2.25." + value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A keyed hash of <paramref name="value"/> as base32 text of at most <paramref name="length"/> characters.</summary>
    public string HashText(string purpose, string value, int length) => Base32(Mac(purpose, value), length);

    private byte[] Mac(string label, string value)
    {
        var data = Encoding.UTF8.GetBytes(label + "\0" + value);
        return HMACSHA256.HashData(_secret, data);
    }

    private static string Base32(byte[] bytes, int length)
    {
        var sb = new StringBuilder(length);
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5 && sb.Length < length)
            {
                sb.Append(Base32Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
            if (sb.Length == length)
            {
                break;
            }
        }
        return sb.ToString();
    }
}

/// <summary>
/// What identifies a patient for pseudonymisation: the issuer and the patient ID. When the ID is empty the name and
/// birth date stand in, so one patient's instances still share a pseudonym; with nothing at all, the study does.
/// </summary>
public readonly record struct PatientKey(string Issuer, string PatientId, string Fallback)
{
    public string Canonical => PatientId.Length > 0 ? $"{Issuer}\u001f{PatientId}" : $"{Issuer}\u001f\u001f{Fallback}";
}
