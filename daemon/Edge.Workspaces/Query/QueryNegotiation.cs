using Edge.Dicom.Network;

namespace Edge.Workspaces.Query;

/// <summary>
/// SOP class extended negotiation of the Query/Retrieve classes (PS3.4 C.5.1.1, C.5.2.1, C.5.3.1): relational
/// queries and retrievals are granted (the index matches keys of any level without the unique keys above them), and
/// combined date-time matching when asked for; fuzzy semantic matching and timezone adjustment are not offered.
/// </summary>
public static class QueryNegotiation
{
    private const int RelationalByte = 0;
    private const int CombinedDateTimeByte = 1;

    /// <summary>Our answers to the Query/Retrieve extended negotiation items of a request, one per item we support.</summary>
    public static IReadOnlyList<ExtendedNegotiation> Answer(IEnumerable<ExtendedNegotiation> proposed)
    {
        var answers = new List<ExtendedNegotiation>();
        foreach (var item in proposed)
        {
            var asked = item.ServiceClassApplicationInformation;
            if (QueryModels.FromSopClass(item.SopClassUid) is null || asked.Length == 0)
            {
                continue;
            }
            var isFind = item.SopClassUid is DicomServiceUids.PatientRootFind or DicomServiceUids.StudyRootFind;
            // C-FIND answers up to four bytes (relational, date-time, fuzzy names, timezone); C-GET and C-MOVE one.
            var answer = new byte[isFind ? Math.Min(asked.Length, 4) : 1];
            answer[RelationalByte] = asked[RelationalByte] == 1 ? (byte)1 : (byte)0;
            if (isFind && answer.Length > CombinedDateTimeByte)
            {
                answer[CombinedDateTimeByte] = asked[CombinedDateTimeByte] == 1 ? (byte)1 : (byte)0;
            }
            answers.Add(new ExtendedNegotiation(item.SopClassUid, answer));
        }
        return answers;
    }

    /// <summary>Whether the association agreed on combined date-time matching for a C-FIND SOP class.</summary>
    public static bool CombinedDateTimeAgreed(AssociationInfo association, string sopClassUid) =>
        association.AcceptorUserInformation.ExtendedNegotiations.Any(e =>
            e.SopClassUid == sopClassUid && e.ServiceClassApplicationInformation.Length > CombinedDateTimeByte
            && e.ServiceClassApplicationInformation[CombinedDateTimeByte] == 1);
}
