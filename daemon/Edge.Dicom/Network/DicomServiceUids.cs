namespace Edge.Dicom.Network;

/// <summary>The UIDs of the services the client and server speak.</summary>
public static class DicomServiceUids
{
    public const string Verification = "1.2.840.10008.1.1";
    public const string PatientRootFind = "1.2.840.10008.5.1.4.1.2.1.1";
    public const string PatientRootMove = "1.2.840.10008.5.1.4.1.2.1.2";
    public const string PatientRootGet = "1.2.840.10008.5.1.4.1.2.1.3";
    public const string StudyRootFind = "1.2.840.10008.5.1.4.1.2.2.1";
    public const string StudyRootMove = "1.2.840.10008.5.1.4.1.2.2.2";
    public const string StudyRootGet = "1.2.840.10008.5.1.4.1.2.2.3";
}
