using System.Text;
using Edge.Daemon.Composition;
using Edge.Deid.Engine;
using Edge.Deid.Pseudonyms;
using Edge.Dicom;
using Edge.Dicom.Data;

namespace Edge.Integration.Tests.Support;

/// <summary>
/// What edged should make of one input, computed offline with the same engine, profile and workspace key: whether
/// it can be stored, where (the pseudonymised UIDs name the path), the patient pseudonym, and which original UIDs
/// the engine keeps by design (registry, coding scheme) so that every other original UID must be gone.
/// </summary>
public sealed record ExpectedInstance(
    string Input,
    bool Stores,
    string? Reason,
    string StudyUid,
    string SeriesUid,
    string SopInstanceUid,
    string PatientName,
    IReadOnlySet<string> RemovedUids)
{
    /// <summary>The input's study, series and instance UIDs, each with the one that replaced it.</summary>
    public IReadOnlyList<(string Original, string Pseudonymised)> MappedUids { get; init; } = [];

    private static readonly DeidEngine Engine = EdgeRuntime.CreateEngine("research-default");

    public string RelativePath => $"{StudyUid}/{SeriesUid}/{SopInstanceUid}.dcm";

    public static ExpectedInstance For(string input, WorkspaceKey key)
    {
        DicomFile file;
        try
        {
            file = DicomFile.Open(input);
        }
        catch (DicomException ex)
        {
            return Refused(input, "unreadable: " + ex.Message);
        }
        using (file)
        {
            var original = DatasetUids.Collect(file.Dataset);
            DeidOutcome outcome;
            try
            {
                outcome = Engine.Deidentify(file, key);
            }
            catch (DeidException ex)
            {
                return Refused(input, ex.Message);
            }
            var m = outcome.Mappings;
            if (outcome.Status != DeidStatus.Deidentified || m.StudyUid.Length == 0 || m.SeriesUid.Length == 0 || m.SopInstanceUid.Length == 0)
            {
                return Refused(input, outcome.Reason ?? "missing study, series or instance UID");
            }
            var kept = DatasetUids.Collect(file.Dataset);
            var removed = original.Where(u => !kept.Contains(u)).ToHashSet(StringComparer.Ordinal);
            return new ExpectedInstance(input, true, null, m.StudyUid, m.SeriesUid, m.SopInstanceUid,
                file.Dataset.GetString(DicomTags.PatientName) ?? "", removed)
            {
                MappedUids = [(m.OriginalStudyUid, m.StudyUid), (m.OriginalSeriesUid, m.SeriesUid), (m.OriginalSopInstanceUid, m.SopInstanceUid)],
            };
        }
    }

    private static ExpectedInstance Refused(string input, string reason) =>
        new(input, false, reason, "", "", "", "", new HashSet<string>());
}

/// <summary>UIDs in a data set and in raw bytes.</summary>
public static class DatasetUids
{
    /// <summary>Every UI value at any depth, except the registry's own (1.2.840.10008.*), which never name a patient's data.</summary>
    public static HashSet<string> Collect(DicomDataset dataset)
    {
        var uids = new HashSet<string>(StringComparer.Ordinal);
        Walk(dataset, uids);
        return uids;
    }

    private static void Walk(DicomDataset dataset, HashSet<string> uids)
    {
        foreach (var element in dataset)
        {
            switch (element)
            {
                case DicomSequence sequence:
                    foreach (var item in sequence.Items)
                    {
                        Walk(item, uids);
                    }
                    break;
                case DicomValueElement { VR: DicomVR.UI } value when !value.Data.IsBulk:
                    foreach (var uid in dataset.DecodeText(value).Split('\\').Select(u => u.Trim(' ', '\0')))
                    {
                        if (uid.Length > 0 && !uid.StartsWith("1.2.840.10008.", StringComparison.Ordinal))
                        {
                            uids.Add(uid);
                        }
                    }
                    break;
            }
        }
    }

    /// <summary>Whether <paramref name="bytes"/> hold <paramref name="uid"/> as a whole UID (not as the prefix of a longer one).</summary>
    public static bool Contains(ReadOnlySpan<byte> bytes, string uid)
    {
        var needle = Encoding.ASCII.GetBytes(uid);
        for (var from = 0; from < bytes.Length;)
        {
            var i = bytes[from..].IndexOf(needle);
            if (i < 0)
            {
                return false;
            }
            var end = from + i + needle.Length;
            if (end >= bytes.Length || !(char.IsAsciiDigit((char)bytes[end]) || bytes[end] == (byte)'.'))
            {
                return true;
            }
            from += i + 1;
        }
        return false;
    }
}
