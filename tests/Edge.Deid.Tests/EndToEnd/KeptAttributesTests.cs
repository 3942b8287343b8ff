using Edge.Deid.Profiles;
using Edge.Deid.Rules;
using Edge.Deid.Tests.Engine;
using Edge.Dicom.Data;
using Xunit.Abstractions;

namespace Edge.Deid.Tests.EndToEnd;

/// <summary>The acquisition and technical attributes research-default keeps come out byte for byte as they went in.</summary>
[Collection(SeededCorpusCollection.Name)]
public class KeptAttributesTests(SeededCorpusFixture fixture, ITestOutputHelper output)
{
    /// <summary>
    /// Pixel description and data, geometry, acquisition parameters, display and calibration, and the patient
    /// characteristics of Retain Patient Characteristics. Each is either absent from Table E.1-1 or K under
    /// research-default (the first test checks it). Not listed, because kept only with the engine's instance-wide
    /// policies: free text such as Manufacturer (scrubbed of the instance's identifiers, e.g. an institution named
    /// "Here" masks "Manufacturer name here"), and SOP Class UIDs outside the DICOM registry (replaced).
    /// </summary>
    private static readonly DicomTag[] s_kept =
    [
        DicomTags.Modality, DicomTags.ImageType,
        DicomTags.SamplesPerPixel, DicomTags.PhotometricInterpretation, DicomTags.PlanarConfiguration, DicomTags.NumberOfFrames,
        DicomTags.Rows, DicomTags.Columns, DicomTags.BitsAllocated, DicomTags.BitsStored, DicomTags.HighBit, DicomTags.PixelRepresentation,
        DicomTags.PixelSpacing, DicomTags.ImagerPixelSpacing, DicomTags.SliceThickness, DicomTags.SpacingBetweenSlices,
        DicomTags.ImagePositionPatient, DicomTags.ImageOrientationPatient, DicomTags.SliceLocation, DicomTags.PatientPosition,
        DicomTags.KVP, DicomTags.XRayTubeCurrent, DicomTags.ExposureTime, DicomTags.Exposure, DicomTags.ConvolutionKernel,
        DicomTags.ScanningSequence, DicomTags.SequenceVariant, DicomTags.RepetitionTime, DicomTags.EchoTime, DicomTags.InversionTime,
        DicomTags.EchoTrainLength, DicomTags.FlipAngle, DicomTags.ImagingFrequency, DicomTags.MagneticFieldStrength,
        DicomTags.WindowCenter, DicomTags.WindowWidth, DicomTags.RescaleIntercept, DicomTags.RescaleSlope, DicomTags.RescaleType,
        DicomTags.RedPaletteColorLookupTableDescriptor, DicomTags.RedPaletteColorLookupTableData,
        DicomTags.LossyImageCompression, DicomTags.BurnedInAnnotation,
        DicomTags.PatientSex, DicomTags.PatientAge, DicomTags.PatientSize, DicomTags.PatientWeight,
        DicomTags.PixelData,
    ];

    [Fact]
    public void Given_the_kept_list_When_checked_against_the_table_Then_research_default_keeps_each_listed_attribute()
    {
        var table = ConfidentialityProfileTables.Get(BuiltInProfiles.ResearchDefault.TableEdition);

        var notKept = s_kept
            .Select(t => (Tag: t, Row: table.Lookup(t)))
            .Where(x => x.Row is not null && TableOracle.ActionUnder(x.Row, BuiltInProfiles.ResearchDefault) != DeidAction.Keep)
            .Select(x => $"{x.Tag} {x.Row!.Name}")
            .ToList();

        notKept.Should().BeEmpty();
    }

    [SkippableFact]
    public void Given_every_corpus_file_When_deidentified_with_research_default_Then_each_kept_attribute_it_has_is_byte_identical()
    {
        var corpus = fixture.Get();
        var changed = new List<string>();
        var compared = 0;

        foreach (var (input, outputPath) in corpus.ResearchDefault.Pairs)
        {
            using var source = DicomFile.Open(input.Input);
            using var result = DicomFile.Open(outputPath);
            // Where the pixel stage masked burned-in text (recorded by code 113101), the pixel data and its
            // description changed on purpose: Edge.Pixels' tests check those pixels outside the masks are unchanged.
            var masked = PixelsCleaned(result.Dataset);
            foreach (var tag in s_kept)
            {
                if (masked && s_pixelStage.Contains(tag))
                {
                    continue;
                }
                if (source.Dataset.Get(tag) is not { } before)
                {
                    continue;
                }
                compared++;
                if (!SameValue(before, result.Dataset.Get(tag)))
                {
                    changed.Add($"{input.KeyName}: {DicomDictionary.KeywordOf(tag)}");
                }
            }
        }

        output.WriteLine($"{compared} kept attributes compared in {corpus.ResearchDefault.Pairs.Count} files");
        // Held instances (pixel text that could not be cleaned) and masked pixel attributes are not compared.
        compared.Should().BeGreaterThan(1800);
        changed.Should().BeEmpty();
    }

    private static readonly DicomTag[] s_pixelStage =
    [
        DicomTags.PixelData, DicomTags.PhotometricInterpretation, DicomTags.PlanarConfiguration, DicomTags.BurnedInAnnotation,
        DicomTags.LossyImageCompression,
    ];

    private static bool PixelsCleaned(DicomDataset ds) =>
        ds.GetSequence(DicomTags.DeidentificationMethodCodeSequence)?.Items.Any(i => i.GetString(DicomTags.CodeValue) == "113101") == true;

    /// <summary>Same value bytes (each reader gives little-endian values whatever the file's syntax), or the same fragments.</summary>
    private static bool SameValue(DicomElement before, DicomElement? after) => (before, after) switch
    {
        (DicomValueElement a, DicomValueElement b) => a.GetBytes().Span.SequenceEqual(b.GetBytes().Span),
        (DicomFragmentSequence a, DicomFragmentSequence b) => a.Fragments.Count == b.Fragments.Count
            && a.Fragments.Zip(b.Fragments).All(f => Bytes(f.First).SequenceEqual(Bytes(f.Second))),
        _ => false,
    };

    private static byte[] Bytes(DicomValueData data) => data.Bulk is { } bulk ? bulk.ReadAll(1) : data.Memory.ToArray();
}
