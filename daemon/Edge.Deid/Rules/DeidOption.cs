namespace Edge.Deid.Rules;

/// <summary>The options of PS3.15 E.3 that have a column in Table E.1-1 (the table's column name in brackets).</summary>
public enum DeidOption
{
    /// <summary>Retain Safe Private Option (rtnSafePrivOpt).</summary>
    RetainSafePrivate,

    /// <summary>Retain UIDs Option (rtnUIDsOpt).</summary>
    RetainUids,

    /// <summary>Retain Device Identity Option (rtnDevIdOpt).</summary>
    RetainDeviceIdentity,

    /// <summary>Retain Institution Identity Option (rtnInstIdOpt).</summary>
    RetainInstitutionIdentity,

    /// <summary>Retain Patient Characteristics Option (rtnPatCharsOpt).</summary>
    RetainPatientCharacteristics,

    /// <summary>Retain Longitudinal Temporal Information with Full Dates Option (rtnLongFullDatesOpt).</summary>
    RetainLongitudinalFullDates,

    /// <summary>Retain Longitudinal Temporal Information with Modified Dates Option (rtnLongModifDatesOpt).</summary>
    RetainLongitudinalModifiedDates,

    /// <summary>Clean Descriptors Option (cleanDescOpt).</summary>
    CleanDescriptors,

    /// <summary>Clean Structured Content Option (cleanStructContOpt).</summary>
    CleanStructuredContent,

    /// <summary>Clean Graphics Option (cleanGraphOpt).</summary>
    CleanGraphics,
}
