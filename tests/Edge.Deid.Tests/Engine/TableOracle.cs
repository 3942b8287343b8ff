using Edge.Deid.Engine;
using Edge.Deid.Profiles;
using Edge.Deid.Rules;
using Edge.Dicom.Data;

namespace Edge.Deid.Tests.Engine;

/// <summary>What must become of an attribute's value.</summary>
internal enum Expected
{
    /// <summary>K: the same bytes.</summary>
    Unchanged,

    /// <summary>X: not there.</summary>
    Absent,

    /// <summary>Z: there with a zero-length value (or no items).</summary>
    Empty,

    /// <summary>D: there, non-empty, different, valid for the VR.</summary>
    Dummy,

    /// <summary>U: a <c>2.25.</c> UID, the workspace's mapping of the original.</summary>
    NewUid,

    /// <summary>C on a date or time under modified dates: moved by the patient's offsets.</summary>
    Shifted,

    /// <summary>C on text: the patient's identifiers masked, the rest kept.</summary>
    Scrubbed,

    /// <summary>A kept, cleaned or U* sequence: its items stay, each element in them handled by its own rule.</summary>
    Walked,

    /// <summary>PatientID, PatientName: the patient's keyed pseudonym.</summary>
    Pseudonym,

    /// <summary>IssuerOfPatientID: the workspace name.</summary>
    Workspace,

    /// <summary>AccessionNumber, StudyID: a keyed hash that fits SH.</summary>
    KeyedHash,
}

/// <summary>
/// The action PS3.15 Table E.1-1 prescribes for an attribute under a profile, read from the row and resolved as the
/// standard says, plus the engine's documented pseudonymisation exceptions (see the remarks on DeidEngine). Combined
/// codes are resolved with the attribute's type from <see cref="IodTypes"/>: Type 3 may be removed, Type 2 must be
/// present and may be empty, Type 1 needs a value.
/// </summary>
internal static class TableOracle
{
    public static Expected For(ProfileRow row, DicomTag tag, DicomVR vr, DeidProfile profile, int type, int depth)
    {
        if (tag == DicomTags.PatientID || tag == DicomTags.PatientName)
        {
            return Expected.Pseudonym;
        }
        if (tag == DicomTags.IssuerOfPatientID && depth == 0)
        {
            return Expected.Workspace;
        }
        if (tag == DicomTags.AccessionNumber || tag == DicomTags.StudyID)
        {
            return Expected.KeyedHash;
        }
        var action = ByType(ActionUnder(row, profile), type);
        var sequence = vr == DicomVR.SQ;
        return action switch
        {
            DeidAction.Keep when sequence => Expected.Walked,
            DeidAction.Keep when IsTemporal(vr) && profile.ModifiesDates => Expected.Shifted,
            DeidAction.Keep => Expected.Unchanged,
            DeidAction.Remove => Expected.Absent,
            DeidAction.Zero => Expected.Empty,
            DeidAction.Dummy when sequence => Expected.Walked,
            DeidAction.Dummy when vr == DicomVR.UI => Expected.NewUid,
            DeidAction.Dummy => Expected.Dummy,
            DeidAction.ReplaceUid or DeidAction.RemoveZeroOrReplaceUid => sequence ? Expected.Walked : Expected.NewUid,
            DeidAction.Clean => Clean(vr, profile),
            _ => throw new InvalidOperationException($"{action} left unresolved"),
        };
    }

    /// <summary>The row's action under the profile's options: an option's action replaces the basic one, retaining wins.</summary>
    public static DeidAction ActionUnder(ProfileRow row, DeidProfile profile)
    {
        var actions = profile.Options.Select(row.ActionFor).OfType<DeidAction>().ToList();
        return actions.Contains(DeidAction.Keep) ? DeidAction.Keep : actions.Count > 0 ? actions[0] : row.Basic;
    }

    /// <summary>
    /// The first code of a combination that the attribute's type allows. A plain X on a required attribute is the
    /// engine's documented exception: Type 2 gets Z and Type 1 gets D, so the output stays a valid instance.
    /// </summary>
    public static DeidAction ByType(DeidAction action, int type)
    {
        DeidAction[] choices = action switch
        {
            DeidAction.Remove => [DeidAction.Remove, DeidAction.Zero, DeidAction.Dummy],
            DeidAction.RemoveOrZero => [DeidAction.Remove, DeidAction.Zero],
            DeidAction.RemoveOrDummy => [DeidAction.Remove, DeidAction.Dummy],
            DeidAction.ZeroOrDummy => [DeidAction.Zero, DeidAction.Dummy],
            DeidAction.RemoveZeroOrDummy => [DeidAction.Remove, DeidAction.Zero, DeidAction.Dummy],
            _ => [action],
        };
        foreach (var choice in choices)
        {
            var allowed = choice switch
            {
                DeidAction.Remove => type == 3,
                DeidAction.Zero => type >= 2,
                _ => true,
            };
            if (allowed)
            {
                return choice;
            }
        }
        return choices[^1];
    }

    private static Expected Clean(DicomVR vr, DeidProfile profile) => vr switch
    {
        DicomVR.SQ => Expected.Walked,
        _ when IsTemporal(vr) => profile.ModifiesDates ? Expected.Shifted : Expected.Unchanged,
        DicomVR.SH or DicomVR.LO or DicomVR.ST or DicomVR.LT or DicomVR.UT or DicomVR.UC or DicomVR.PN or DicomVR.CS => Expected.Scrubbed,
        DicomVR.UI => Expected.NewUid,
        // Bulk bytes (overlay bitmaps, maker notes, signed timestamps) cannot be cleaned: removed, failing closed.
        DicomVR.OB or DicomVR.OW or DicomVR.UN or DicomVR.OF or DicomVR.OD or DicomVR.OL => Expected.Absent,
        // AE titles, numbers and codes hold no free text to clean.
        _ => Expected.Unchanged,
    };

    private static bool IsTemporal(DicomVR vr) => vr is DicomVR.DA or DicomVR.DT or DicomVR.TM;
}
