namespace Edge.Ledger.Export;

/// <summary>The crosswalk files written for one workspace and how many rows each holds.</summary>
public sealed record CrosswalkExport(string UidCrosswalkPath, long UidRows, string PatientIdCrosswalkPath, long PatientIdRows);
