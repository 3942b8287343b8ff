using System.Reflection;
using Edge.Deid.Profiles;
using Edge.Deid.Pseudonyms;
using Edge.Deid.Rules;
using Edge.Dicom.Data;

namespace Edge.Deid.Engine;

/// <summary>
/// De-identifies one instance at a time, in place, following PS3.15 Annex E through the generated Table E.1-1 of the
/// profile's edition, the profile's options and overrides, and keyed pseudonyms of the workspace. Bulk values (pixel
/// data, large private blobs) are never loaded: the engine changes the header and the writer copies the rest.
/// The engine is stateless between instances and safe to share between threads.
/// </summary>
/// <remarks>
/// Pseudonymisation rules that go beyond the table, applied whatever the profile (listed here and in the README):
/// PatientID and PatientName become the patient's keyed pseudonym; IssuerOfPatientID becomes the workspace name;
/// AccessionNumber and StudyID become keyed hashes that fit SH; X/Z/U* sequences (Referenced Image, Source Image) are
/// kept with their UIDs replaced, so references still resolve; every UID that names an instance (not a class,
/// syntax or coding scheme) is replaced even where the table does not list it, and kept as is where an option's K
/// retains it; an empty value that the table would replace with a dummy (D) stays empty; kept free text is scrubbed of the instance's own
/// identifiers; overlay and curve data cannot be cleaned and are removed with their whole group. With a pixel cleaner
/// and a profile that cleans pixel data, the cleaner checks the frames first: an instance it masked gets
/// BurnedInAnnotation NO and the Clean Pixel Data code, one it cannot clean is held for review.
/// </remarks>
public sealed partial class DeidEngine
{
    private readonly ConfidentialityProfileTable _table;
    private readonly PrivateTagKnowledgeBase _privateTags;

    /// <param name="pixelCleaner">The pixel stage; null turns it off whatever the profile says.</param>
    public DeidEngine(DeidProfile profile, PrivateTagKnowledgeBase? privateTags = null, IPixelCleaner? pixelCleaner = null)
    {
        Profile = profile;
        _table = ConfidentialityProfileTables.Get(profile.TableEdition);
        _privateTags = privateTags ?? TciaPrivateTagKb.Instance;
        PixelCleaner = profile.CleanPixelData ? pixelCleaner : null;
    }

    public DeidProfile Profile { get; }

    /// <summary>The pixel stage this engine runs; null when it is off.</summary>
    public IPixelCleaner? PixelCleaner { get; }

    /// <summary>Edge's version as recorded in DeidentificationMethod.</summary>
    public static string EdgeVersion { get; } =
        typeof(DeidEngine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";

    /// <summary>The text recorded in DeidentificationMethod (0012,0063) for this engine's profile.</summary>
    public string MethodDescription => $"Edge {EdgeVersion} {Profile.Name} {Profile.Hash} PS3.15-{_table.Edition}";

    /// <summary>
    /// De-identifies <paramref name="file"/> in place (dataset, file meta, preamble) and reports what it mapped.
    /// Throws <see cref="DeidException"/> when the instance cannot be fully de-identified.
    /// </summary>
    public DeidOutcome Deidentify(DicomFile file, WorkspaceKey key)
    {
        try
        {
            var run = new InstanceRun(this, file, key);
            var outcome = run.Execute();
            ResetFileMeta(file);
            return outcome;
        }
        catch (DeidException)
        {
            throw;
        }
        catch (Exception ex) when (ex is Edge.Dicom.DicomException or FormatException or InvalidOperationException or ArgumentException or OverflowException)
        {
            // Fail closed: whatever we could not handle means the instance is not known to be clean.
            throw new DeidException($"cannot de-identify: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Group 0002 is rebuilt from the de-identified dataset: the source's meta can name the sending AE, carry private
    /// information, and its preamble can hold a TIFF header with anything in it.
    /// </summary>
    private static void ResetFileMeta(DicomFile file)
    {
        if (!file.HasFileMeta)
        {
            return;
        }
        var ds = file.Dataset;
        var meta = file.FileMeta;
        meta.RemoveAll(_ => true);
        meta.SetUInt32(DicomTags.FileMetaInformationGroupLength, 0);
        meta.SetBytes(DicomTags.FileMetaInformationVersion, DicomVR.OB, new byte[] { 0, 1 });
        meta.SetString(DicomTags.MediaStorageSOPClassUID, DicomVR.UI, ds.GetString(DicomTags.SOPClassUID) ?? "");
        meta.SetString(DicomTags.MediaStorageSOPInstanceUID, DicomVR.UI, ds.GetString(DicomTags.SOPInstanceUID) ?? "");
        meta.SetString(DicomTags.TransferSyntaxUID, DicomVR.UI, file.TransferSyntax.Uid);
        meta.SetString(DicomTags.ImplementationClassUID, DicomVR.UI, DicomFile.ImplementationClassUid);
        meta.SetString(DicomTags.ImplementationVersionName, DicomVR.SH, DicomFile.ImplementationVersionName);
        file.Preamble = new byte[128];
    }

    /// <summary>The effective action of a table row under the profile's options (before IOD-type resolution).</summary>
    internal DeidAction OptionAction(ProfileRow row)
    {
        DeidAction? chosen = null;
        foreach (var option in Profile.Options)
        {
            if (row.ActionFor(option) is not { } a)
            {
                continue;
            }
            // An option that retains wins over one that cleans: retaining is the explicit intent.
            if (chosen is null || a == DeidAction.Keep)
            {
                chosen = a;
            }
        }
        return chosen ?? row.Basic;
    }

    internal ConfidentialityProfileTable Table => _table;

    internal PrivateTagKnowledgeBase PrivateTags => _privateTags;
}
