namespace Edge.Workspaces.Query;

/// <summary>Query/Retrieve levels (PS3.4 C.6), from the top of the hierarchy down.</summary>
public enum QueryLevel
{
    Patient,
    Study,
    Series,
    Image,
}

/// <summary>The level names as Query/Retrieve Level (0008,0052) carries them.</summary>
public static class QueryLevels
{
    public static string ToDicom(this QueryLevel level) => level switch
    {
        QueryLevel.Patient => "PATIENT",
        QueryLevel.Study => "STUDY",
        QueryLevel.Series => "SERIES",
        _ => "IMAGE",
    };

    /// <exception cref="InvalidQueryException">Not one of PATIENT, STUDY, SERIES, IMAGE.</exception>
    public static QueryLevel Parse(string? value) => value?.Trim() switch
    {
        "PATIENT" => QueryLevel.Patient,
        "STUDY" => QueryLevel.Study,
        "SERIES" => QueryLevel.Series,
        "IMAGE" => QueryLevel.Image,
        null or "" => throw new InvalidQueryException("The identifier has no Query/Retrieve Level (0008,0052)."),
        _ => throw new InvalidQueryException("The Query/Retrieve Level must be PATIENT, STUDY, SERIES or IMAGE."),
    };
}
