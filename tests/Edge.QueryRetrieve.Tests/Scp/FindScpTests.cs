using Edge.Dicom.Data;
using Edge.QueryRetrieve.Tests.Support;
using Edge.Testing;

namespace Edge.QueryRetrieve.Tests.Scp;

/// <summary>DCMTK findscu against a running edged: every level of both models, the matching kinds, C-CANCEL.</summary>
[Collection(ScpCollection.Name)]
public sealed class FindScpTests(ScpFixture fixture)
{
    private FindResult Find(Model model, string level, params string[] keys)
    {
        Corpus.RequireCorpus();
        ExternalTool.Require("findscu");
        return Dcmtk.Find(fixture.Port, "ALPHA", "NODE_A", model, level, keys);
    }

    private static DicomTag UniqueKey(string level) => level switch
    {
        "PATIENT" => DicomTags.PatientID,
        "STUDY" => DicomTags.StudyInstanceUID,
        "SERIES" => DicomTags.SeriesInstanceUID,
        _ => DicomTags.SOPInstanceUID,
    };

    [SkippableTheory]
    [InlineData(Model.PatientRoot, "PATIENT")]
    [InlineData(Model.PatientRoot, "STUDY")]
    [InlineData(Model.PatientRoot, "SERIES")]
    [InlineData(Model.PatientRoot, "IMAGE")]
    [InlineData(Model.StudyRoot, "STUDY")]
    [InlineData(Model.StudyRoot, "SERIES")]
    [InlineData(Model.StudyRoot, "IMAGE")]
    internal void Given_universal_keys_When_finding_at_a_level_of_a_model_Then_each_entity_of_the_workspace_is_returned_once(Model model, string level)
    {
        var unique = UniqueKey(level);

        var result = Find(model, level, DicomDictionary.KeywordOf(unique));

        result.Tool.ExitCode.Should().Be(0, result.Tool.Output);
        result.Values(unique).Should().OnlyHaveUniqueItems().And.HaveCount(ScpFixture.Distinct(fixture.AlphaOriginals, unique))
            .And.NotContain(ScpFixture.DistinctValues(fixture.AlphaOriginals, unique), "only de-identified values are held");
        result.Matches.Should().OnlyContain(m => m.GetString(DicomTags.RetrieveAETitle) == "ALPHA" && m.GetString(DicomTags.QueryRetrieveLevel) == level);
    }

    [SkippableFact]
    public void Given_study_root_When_finding_at_PATIENT_level_Then_the_identifier_is_refused()
    {
        var result = Find(Model.StudyRoot, "PATIENT", "PatientID");

        result.Matches.Should().BeEmpty();
        result.Tool.Output.Should().Contain("Received Final Find Response (Error: DataSetDoesNotMatchSOPClass)", "0xA900 answers an identifier the model does not allow");
    }

    [SkippableFact]
    public void Given_a_single_study_UID_or_a_list_of_them_When_finding_Then_exactly_those_studies_match()
    {
        var all = Find(Model.StudyRoot, "STUDY", "StudyInstanceUID").Values(DicomTags.StudyInstanceUID);

        Find(Model.StudyRoot, "STUDY", "StudyInstanceUID=" + all[1]).Values(DicomTags.StudyInstanceUID).Should().Equal(all[1]);
        Find(Model.StudyRoot, "STUDY", $@"StudyInstanceUID={all[1]}\{all[0]}\1.2.3.4").Values(DicomTags.StudyInstanceUID)
            .Should().BeEquivalentTo(all);
    }

    [SkippableFact]
    public void Given_a_wildcard_on_the_patient_name_When_finding_patients_Then_the_names_that_fit_match()
    {
        var patients = Find(Model.PatientRoot, "PATIENT", "PatientName", "PatientID").Matches;
        var name = patients[0].GetString(DicomTags.PatientName)!;

        var found = Find(Model.PatientRoot, "PATIENT", $"PatientName={name[..3]}*", "PatientID");
        var single = Find(Model.PatientRoot, "PATIENT", $"PatientName={name[..^1]}?", "PatientID");

        found.Values(DicomTags.PatientID).Should().Contain(patients[0].GetString(DicomTags.PatientID)!)
            .And.HaveCount(patients.Count(p => p.GetString(DicomTags.PatientName)!.StartsWith(name[..3], StringComparison.OrdinalIgnoreCase)));
        single.Values(DicomTags.PatientID).Should().Equal(patients[0].GetString(DicomTags.PatientID));
    }

    [SkippableFact]
    public void Given_a_study_date_range_When_finding_Then_the_bounds_are_inclusive()
    {
        var studies = Find(Model.StudyRoot, "STUDY", "StudyDate", "StudyInstanceUID").Matches
            .OrderBy(s => s.GetString(DicomTags.StudyDate), StringComparer.Ordinal).ToList();
        var (first, last) = (studies[0].GetString(DicomTags.StudyDate)!, studies[^1].GetString(DicomTags.StudyDate)!);
        first.Should().NotBe(last, "the two studies have different (shifted) dates");

        Find(Model.StudyRoot, "STUDY", $"StudyDate={first}-{first}", "StudyInstanceUID").Values(DicomTags.StudyInstanceUID)
            .Should().Equal(studies[0].GetString(DicomTags.StudyInstanceUID));
        Find(Model.StudyRoot, "STUDY", $"StudyDate={first}-{last}", "StudyInstanceUID").Matches.Should().HaveCount(2);
        Find(Model.StudyRoot, "STUDY", $"StudyDate={last}-", "StudyInstanceUID").Values(DicomTags.StudyInstanceUID)
            .Should().Equal(studies[^1].GetString(DicomTags.StudyInstanceUID));
    }

    [SkippableFact]
    public void Given_a_universal_return_key_When_finding_Then_every_match_carries_its_value()
    {
        var result = Find(Model.StudyRoot, "STUDY", "PatientName", "StudyDate", "ModalitiesInStudy", "NumberOfStudyRelatedInstances");

        result.Matches.Should().HaveCount(2).And.OnlyContain(m => m.GetString(DicomTags.PatientName)!.Length > 0
            && m.GetString(DicomTags.StudyDate)!.Length == 8 && m.GetString(DicomTags.ModalitiesInStudy) == "MR");
        result.Matches.Sum(m => int.Parse(m.GetString(DicomTags.NumberOfStudyRelatedInstances)!, System.Globalization.CultureInfo.InvariantCulture))
            .Should().Be(fixture.AlphaOriginals.Count);
    }

    [SkippableFact]
    public void Given_a_sequence_key_with_a_simple_item_key_When_finding_images_Then_the_stored_items_decide()
    {
        // Every de-identified instance records its method in De-identification Method Code Sequence; 113100 is the Basic profile.
        var basic = Find(Model.StudyRoot, "IMAGE", "DeidentificationMethodCodeSequence[0].CodeValue=113100", "SOPInstanceUID");
        var none = Find(Model.StudyRoot, "IMAGE", "DeidentificationMethodCodeSequence[0].CodeValue=999999", "SOPInstanceUID");

        basic.Matches.Should().HaveCount(fixture.AlphaOriginals.Count);
        basic.Matches.Should().OnlyContain(m => m.GetSequence(DicomTags.DeidentificationMethodCodeSequence)!.Items
            .Select(i => i.GetString(DicomTags.CodeValue)).SequenceEqual(new[] { "113100" }));
        none.Matches.Should().BeEmpty();
    }

    [SkippableFact]
    public void Given_findscu_cancels_after_the_first_response_When_many_instances_match_Then_matching_stops_with_status_Cancel()
    {
        Corpus.RequireCorpus();
        ExternalTool.Require("findscu");
        // A header key makes each match read its file, so matching is normally still under way when the C-CANCEL
        // arrives. On a loaded machine findscu can be descheduled until every match was sent, and then Success is the
        // right answer (PS3.4: a cancel after the last response has nothing to stop); so each attempt must end in one
        // of the two correct ways, and at least one of three must be cut short by the cancel.
        var outcomes = new List<string>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var result = Dcmtk.Find(fixture.Port, "GAMMA", "NODE_A", Model.StudyRoot, "IMAGE", ["--cancel", "1"], "SOPInstanceUID", "ImageType");
            if (result.Tool.Output.Contains("Received Final Find Response (Cancel", StringComparison.Ordinal))
            {
                result.Matches.Count.Should().BeInRange(1, ScpFixture.GammaInstances - 1, result.Tool.Output);
                return;
            }
            result.Tool.Output.Should().Contain("Received Final Find Response (Success)", result.Tool.Output);
            result.Matches.Should().HaveCount(ScpFixture.GammaInstances, "a cancel too late to stop matching leaves the answer whole");
            outcomes.Add("success");
        }
        Assert.Fail($"findscu's C-CANCEL never stopped matching in 3 attempts ({string.Join(", ", outcomes)})");
    }
}
