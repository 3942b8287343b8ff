using System.Text.Json;
using Edge.Deid.Rules;
using Edge.Dicom.Data;
using Edge.Testing;

namespace Edge.Deid.Tests.Rules;

public class ConfidentialityProfileTableTests
{
    private static readonly ConfidentialityProfileTable s_table = ConfidentialityProfileTables.Get("2024b");

    [Fact]
    public void Given_edition_2024b_When_loaded_Then_its_620_tag_rows_are_there_and_the_private_row_is_apart()
    {
        s_table.Edition.Should().Be("2024b");
        s_table.Rows.Should().HaveCount(620);
        s_table.Rows.Should().NotContain(s_table.PrivateAttributesRow);
        s_table.PrivateAttributesRow.Name.Should().Be("Private Attributes");
        s_table.PrivateAttributesRow.Basic.Should().Be(DeidAction.Remove);
        s_table.PrivateAttributesRow.ActionFor(DeidOption.RetainSafePrivate).Should().Be(DeidAction.Clean);
    }

    [Fact]
    public void Given_the_registry_When_asked_for_the_latest_edition_Then_it_is_2024b()
    {
        ConfidentialityProfileTables.Latest.Should().BeSameAs(s_table);
        ConfidentialityProfileTables.TryGet("1999a", out _).Should().BeFalse();
    }

    [Fact]
    public void Given_patient_name_When_looked_up_Then_the_basic_profile_zeroes_it()
    {
        var row = s_table.Lookup(DicomTags.PatientName)!;

        row.Name.Should().Be("Patient's Name");
        row.Basic.Should().Be(DeidAction.Zero);
        row.InStandardCompositeIod.Should().BeTrue();
        row.Options.Should().BeEmpty();
    }

    [Fact]
    public void Given_accession_number_When_looked_up_Then_the_basic_profile_zeroes_it()
    {
        s_table.Lookup(new DicomTag(0x0008, 0x0050))!.Basic.Should().Be(DeidAction.Zero);
    }

    [Fact]
    public void Given_study_instance_uid_When_looked_up_Then_it_is_replaced_unless_UIDs_are_retained()
    {
        var row = s_table.Lookup(DicomTags.StudyInstanceUID)!;

        row.Basic.Should().Be(DeidAction.ReplaceUid);
        row.ActionFor(DeidOption.RetainUids).Should().Be(DeidAction.Keep);
        row.ActionFor(DeidOption.CleanDescriptors).Should().BeNull();
    }

    [Fact]
    public void Given_study_date_When_looked_up_Then_it_is_zeroed_kept_with_full_dates_and_cleaned_with_modified_dates()
    {
        var row = s_table.Lookup(new DicomTag(0x0008, 0x0020))!;

        row.Basic.Should().Be(DeidAction.Zero);
        row.ActionFor(DeidOption.RetainLongitudinalFullDates).Should().Be(DeidAction.Keep);
        row.ActionFor(DeidOption.RetainLongitudinalModifiedDates).Should().Be(DeidAction.Clean);
    }

    [Fact]
    public void Given_overlay_data_in_group_6002_When_looked_up_Then_the_masked_60XX_3000_row_applies()
    {
        var row = s_table.Lookup(new DicomTag(0x6002, 0x3000))!;

        row.Name.Should().Be("Overlay Data");
        row.IsMasked.Should().BeTrue();
        row.Basic.Should().Be(DeidAction.Remove);
        row.ActionFor(DeidOption.CleanGraphics).Should().Be(DeidAction.Clean);
    }

    [Fact]
    public void Given_any_element_of_a_curve_group_When_looked_up_Then_the_50XX_XXXX_row_applies()
    {
        s_table.Lookup(new DicomTag(0x501E, 0x2000))!.Name.Should().Be("Curve Data");
    }

    [Fact]
    public void Given_private_tags_When_looked_up_Then_no_row_applies_but_the_private_row_matches_them()
    {
        var privateOverlay = new DicomTag(0x6001, 0x3000);
        var privateCurve = new DicomTag(0x5001, 0x1010);

        s_table.Lookup(privateOverlay).Should().BeNull();
        s_table.Lookup(privateCurve).Should().BeNull();
        s_table.PrivateAttributesRow.Matches(privateOverlay).Should().BeTrue();
        s_table.PrivateAttributesRow.Matches(DicomTags.PatientName).Should().BeFalse();
    }

    [Fact]
    public void Given_the_trailing_padding_and_digital_signatures_tags_When_looked_up_Then_they_are_ordinary_rows_to_remove()
    {
        s_table.Lookup(new DicomTag(0xFFFC, 0xFFFC))!.Basic.Should().Be(DeidAction.Remove);
        s_table.Lookup(new DicomTag(0xFFFA, 0xFFFA))!.Basic.Should().Be(DeidAction.Remove);
    }

    [Fact]
    public void Given_the_icon_image_sequence_whose_name_carries_a_note_When_looked_up_Then_the_name_is_clean()
    {
        s_table.Lookup(new DicomTag(0x0088, 0x0200))!.Name.Should().Be("Icon Image Sequence");
    }

    [Fact]
    public void Given_a_public_tag_the_table_does_not_list_When_looked_up_Then_there_is_no_row()
    {
        s_table.Lookup(DicomTags.PixelData).Should().BeNull();
    }

    [SkippableFact]
    public void Given_the_published_json_When_every_code_is_parsed_Then_each_maps_to_a_DeidAction_and_matches_the_generated_row()
    {
        Corpus.RequireStandard();
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Corpus.StandardDir, "confidentiality_profile_attributes.json")));
        var rows = doc.RootElement.EnumerateArray().ToList();

        rows.Should().HaveCount(621);
        foreach (var row in rows)
        {
            foreach (var cell in row.EnumerateObject().Where(p => p.Name == "basicProfile" || p.Name.EndsWith("Opt", StringComparison.Ordinal)))
            {
                DeidActions.TryParse(cell.Value.GetString(), out _).Should().BeTrue($"{cell.Value} is a code of Table E.1-1");
            }
            if (DicomTag.TryParse(row.GetProperty("tag").GetString(), out var tag))
            {
                var basic = DeidActions.Parse(row.GetProperty("basicProfile").GetString()!);
                s_table.Lookup(tag)!.Basic.Should().Be(basic, $"{tag} says {basic.ToCode()}");
            }
        }
    }
}
