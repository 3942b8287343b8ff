using Edge.Dicom.Data;
using Edge.Workspaces.Query;
using Edge.Workspaces.Storage;

namespace Edge.Workspaces.Tests.Query;

/// <summary>
/// C-FIND matching over a small workspace: two patients, three studies, CT and MR series.
/// Patient PSEUDO-1 "DOE^JOHN": study 1.1 (2020-01-15 10:15, CT ×2 series: 3 + 1 instances), study 1.2 (2021-06-01 08:00, MR 2 instances).
/// Patient PSEUDO-2 "Müller^Anna": study 2.1 (2019-12-31 23:59, CT and MR, 1 instance each).
/// </summary>
public sealed class FindTests : IAsyncLifetime
{
    private readonly WorkspaceTestBed _bed = new();
    private WorkspaceStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await _bed.OpenAsync();
        async Task Add(string study, string series, int n, string patient, string name, string modality, string date, string time,
            string accession, int seriesNumber, string referring, string birth, string sex)
        {
            for (var i = 1; i <= n; i++)
            {
                await WorkspaceTestBed.StoreAsync(_store, WorkspaceTestBed.Dataset(study, series, $"{series}.{i}", patient, name, modality,
                    date, time, accession, seriesNumber, i, modality == "MR" ? WorkspaceTestBed.MrImageStorage : WorkspaceTestBed.CtImageStorage,
                    referring: referring, birthDate: birth, sex: sex));
            }
        }
        await Add("1.1", "1.1.1", 3, "PSEUDO-1", "DOE^JOHN", "CT", "20200115", "101500", "ACC-100", 1, "SMITH^ANNA", "19700101", "M");
        await Add("1.1", "1.1.2", 1, "PSEUDO-1", "DOE^JOHN", "CT", "20200115", "101500", "ACC-100", 2, "SMITH^ANNA", "19700101", "M");
        await Add("1.2", "1.2.1", 2, "PSEUDO-1", "DOE^JOHN", "MR", "20210601", "0800", "ACC-200", 1, "JONES^BOB", "19700101", "M");
        await Add("2.1", "2.1.1", 1, "PSEUDO-2", "Müller^Anna", "CT", "20191231", "235900.5", "XYZ-300", 1, "smith^anna", "19851224", "F");
        await Add("2.1", "2.1.2", 1, "PSEUDO-2", "Müller^Anna", "MR", "20191231", "235900.5", "XYZ-300", 2, "smith^anna", "19851224", "F");
    }

    public Task DisposeAsync()
    {
        _bed.Dispose();
        return Task.CompletedTask;
    }

    private async Task<List<string>> Find(QueryLevel level, DicomTag returned, params QueryKey[] keys)
    {
        var matches = await _store.FindAsync(new WorkspaceQuery(level, [.. keys, new QueryKey(returned)])).ToListAsync();
        return matches.Select(m => m[returned]!).ToList();
    }

    private Task<List<string>> Studies(params QueryKey[] keys) => Find(QueryLevel.Study, DicomTags.StudyInstanceUID, keys);

    [Fact]
    public async Task Given_universal_matching_When_finding_at_each_level_Then_every_entity_is_returned_once()
    {
        (await Find(QueryLevel.Patient, DicomTags.PatientID)).Should().Equal("PSEUDO-1", "PSEUDO-2");
        (await Studies()).Should().Equal("1.1", "1.2", "2.1");
        (await Studies(new QueryKey(DicomTags.StudyInstanceUID, "*"))).Should().Equal("1.1", "1.2", "2.1");
        (await Find(QueryLevel.Series, DicomTags.SeriesInstanceUID)).Should().Equal("1.1.1", "1.1.2", "1.2.1", "2.1.1", "2.1.2");
        (await Find(QueryLevel.Image, DicomTags.SOPInstanceUID)).Should().HaveCount(8);
    }

    [Fact]
    public async Task Given_a_single_value_When_matching_Then_only_exact_values_match()
    {
        (await Studies(new QueryKey(DicomTags.AccessionNumber, "ACC-200"))).Should().Equal("1.2");
        (await Studies(new QueryKey(DicomTags.AccessionNumber, "ACC-20"))).Should().BeEmpty();
        (await Find(QueryLevel.Patient, DicomTags.PatientID, new QueryKey(DicomTags.PatientSex, "F"))).Should().Equal("PSEUDO-2");
        (await Studies(new QueryKey(DicomTags.StudyDate, "20200115"))).Should().Equal("1.1");
    }

    [Fact]
    public async Task Given_a_list_of_values_When_matching_Then_any_of_them_matches()
    {
        (await Studies(new QueryKey(DicomTags.AccessionNumber, @"ACC-100\XYZ-300"))).Should().Equal("1.1", "2.1");
        (await Studies(new QueryKey(DicomTags.StudyInstanceUID, @"1.2\2.1\9.9"))).Should().Equal("1.2", "2.1");
        (await Find(QueryLevel.Image, DicomTags.SOPInstanceUID, new QueryKey(DicomTags.SOPInstanceUID, @"1.1.1.2\1.2.1.1")))
            .Should().Equal("1.1.1.2", "1.2.1.1");
    }

    [Fact]
    public async Task Given_wildcards_When_matching_text_Then_star_and_question_mark_match_as_in_PS3_4()
    {
        (await Studies(new QueryKey(DicomTags.AccessionNumber, "ACC*"))).Should().Equal("1.1", "1.2");
        (await Studies(new QueryKey(DicomTags.AccessionNumber, "???-300"))).Should().Equal("2.1");
        (await Studies(new QueryKey(DicomTags.AccessionNumber, "*"))).Should().Equal("1.1", "1.2", "2.1");
        (await Studies(new QueryKey(DicomTags.AccessionNumber, "acc*"))).Should().BeEmpty("text other than names matches case-sensitively");
    }

    [Fact]
    public async Task Given_person_name_keys_When_matching_Then_case_is_ignored_also_beyond_ASCII()
    {
        (await Find(QueryLevel.Patient, DicomTags.PatientID, new QueryKey(DicomTags.PatientName, "doe^john"))).Should().Equal("PSEUDO-1");
        (await Find(QueryLevel.Patient, DicomTags.PatientID, new QueryKey(DicomTags.PatientName, "MÜLLER*"))).Should().Equal("PSEUDO-2");
        (await Find(QueryLevel.Patient, DicomTags.PatientName, new QueryKey(DicomTags.PatientName, "m?ller^anna")))
            .Should().Equal("Müller^Anna");
        (await Studies(new QueryKey(DicomTags.ReferringPhysicianName, "Smith^Anna"))).Should().Equal("1.1", "2.1");
    }

    [Fact]
    public async Task Given_date_and_time_ranges_When_matching_Then_bounds_are_inclusive_and_open_ends_work()
    {
        (await Studies(new QueryKey(DicomTags.StudyDate, "20200101-20201231"))).Should().Equal("1.1");
        (await Studies(new QueryKey(DicomTags.StudyDate, "20200115-"))).Should().Equal("1.1", "1.2");
        (await Studies(new QueryKey(DicomTags.StudyDate, "-20200115"))).Should().Equal("1.1", "2.1");
        (await Studies(new QueryKey(DicomTags.StudyTime, "0800-1100"))).Should().Equal("1.1", "1.2");
        (await Studies(new QueryKey(DicomTags.StudyTime, "2359"))).Should().Equal(new[] { "2.1" }, "a time matches the span its precision denotes");
        (await Studies(new QueryKey(DicomTags.StudyTime, "-0800"))).Should().Equal("1.2");
        (await Find(QueryLevel.Patient, DicomTags.PatientID, new QueryKey(DicomTags.PatientBirthDate, "19800101-19901231")))
            .Should().Equal("PSEUDO-2");
    }

    [Theory]
    [InlineData("2020-13-01")]
    [InlineData("2020")]
    [InlineData("yesterday")]
    public async Task Given_a_malformed_date_When_matching_Then_InvalidQuery_is_raised(string value)
    {
        var act = () => Studies(new QueryKey(DicomTags.StudyDate, value));

        await act.Should().ThrowAsync<InvalidQueryException>();
    }

    [Fact]
    public async Task Given_study_level_When_modalities_and_counts_are_asked_Then_they_are_computed_from_the_series()
    {
        var matches = await _store.FindAsync(new WorkspaceQuery(QueryLevel.Study,
            new QueryKey(DicomTags.ModalitiesInStudy, "MR"), new QueryKey(DicomTags.StudyInstanceUID),
            new QueryKey(DicomTags.NumberOfStudyRelatedSeries), new QueryKey(DicomTags.NumberOfStudyRelatedInstances),
            new QueryKey(DicomTags.PatientName))).ToListAsync();

        matches.Select(m => m[DicomTags.StudyInstanceUID]).Should().Equal("1.2", "2.1");
        var mixed = matches.Single(m => m[DicomTags.StudyInstanceUID] == "2.1");
        mixed[DicomTags.ModalitiesInStudy]!.Split('\\').Should().BeEquivalentTo("CT", "MR");
        mixed[DicomTags.NumberOfStudyRelatedSeries].Should().Be("2");
        mixed[DicomTags.NumberOfStudyRelatedInstances].Should().Be("2");
        mixed[DicomTags.PatientName].Should().Be("Müller^Anna");
        (await Studies(new QueryKey(DicomTags.ModalitiesInStudy, @"US\CT"))).Should().Equal("1.1", "2.1");
    }

    [Fact]
    public async Task Given_series_and_image_levels_When_matching_below_a_study_Then_integers_and_UIDs_select_the_entities()
    {
        (await Find(QueryLevel.Series, DicomTags.SeriesInstanceUID, new QueryKey(DicomTags.StudyInstanceUID, "1.1"),
            new QueryKey(DicomTags.SeriesNumber, "2"))).Should().Equal("1.1.2");
        (await Find(QueryLevel.Series, DicomTags.NumberOfSeriesRelatedInstances, new QueryKey(DicomTags.SeriesInstanceUID, "1.1.1")))
            .Should().Equal("3");
        (await Find(QueryLevel.Series, DicomTags.SeriesInstanceUID, new QueryKey(DicomTags.Modality, "MR"))).Should().Equal("1.2.1", "2.1.2");
        (await Find(QueryLevel.Image, DicomTags.SOPInstanceUID, new QueryKey(DicomTags.SeriesInstanceUID, "1.1.1"),
            new QueryKey(DicomTags.InstanceNumber, @"1\3"))).Should().Equal("1.1.1.1", "1.1.1.3");
        (await Find(QueryLevel.Image, DicomTags.SOPInstanceUID, new QueryKey(DicomTags.SOPClassUID, WorkspaceTestBed.MrImageStorage)))
            .Should().Equal("1.2.1.1", "1.2.1.2", "2.1.2.1");
        (await Find(QueryLevel.Image, DicomTags.AvailableTransferSyntaxUID, new QueryKey(DicomTags.SOPInstanceUID, "2.1.1.1")))
            .Should().Equal(TransferSyntax.ExplicitVRLittleEndian.Uid);
    }

    [Fact]
    public async Task Given_a_key_of_a_lower_level_When_finding_Then_it_is_not_matched_but_returned_empty()
    {
        var identifier = new DicomDataset();
        identifier.SetString(DicomTags.QueryRetrieveLevel, DicomVR.CS, "STUDY");
        identifier.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, "1.2");
        identifier.SetString(DicomTags.Modality, DicomVR.CS, "CT");
        var query = WorkspaceQuery.FromIdentifier(identifier);

        var match = (await _store.FindAsync(query).ToListAsync()).Single();
        var response = query.ToIdentifier(match);

        response.GetString(DicomTags.StudyInstanceUID).Should().Be("1.2");
        response.Contains(DicomTags.Modality).Should().BeTrue();
        response.GetString(DicomTags.Modality).Should().BeEmpty();
    }

    [Fact]
    public async Task Given_an_identifier_When_answered_Then_the_response_holds_the_requested_keys_in_UTF8_and_the_level()
    {
        var identifier = new DicomDataset();
        identifier.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 100");
        identifier.SetString(DicomTags.QueryRetrieveLevel, DicomVR.CS, "PATIENT");
        identifier.SetString(DicomTags.PatientName, DicomVR.PN, "müller*");
        identifier.SetEmpty(DicomTags.PatientID, DicomVR.LO);
        identifier.SetEmpty(DicomTags.PatientBirthDate, DicomVR.DA);
        identifier.SetEmpty(DicomTags.IssuerOfPatientID, DicomVR.LO);
        identifier.SetEmpty(DicomTags.NumberOfPatientRelatedStudies, DicomVR.IS);
        var query = WorkspaceQuery.FromIdentifier(identifier);

        var responses = (await _store.FindAsync(query).ToListAsync()).Select(query.ToIdentifier).ToList();

        var response = responses.Should().ContainSingle().Subject;
        var bytes = DicomFile.EncodeDataset(response, TransferSyntax.ExplicitVRLittleEndian);
        var decoded = DicomFile.DecodeDataset(bytes, TransferSyntax.ExplicitVRLittleEndian);
        decoded.GetString(DicomTags.SpecificCharacterSet).Should().Be("ISO_IR 192");
        decoded.GetString(DicomTags.QueryRetrieveLevel).Should().Be("PATIENT");
        decoded.GetString(DicomTags.PatientName).Should().Be("Müller^Anna");
        decoded.GetString(DicomTags.PatientID).Should().Be("PSEUDO-2");
        decoded.GetString(DicomTags.PatientBirthDate).Should().Be("19851224");
        decoded.GetString(DicomTags.NumberOfPatientRelatedStudies).Should().Be("1");
        decoded.Contains(DicomTags.IssuerOfPatientID).Should().BeTrue("an unsupported return key comes back empty");
    }

    [Fact]
    public void Given_an_identifier_without_a_level_When_read_Then_InvalidQuery_is_raised()
    {
        var identifier = new DicomDataset();
        identifier.SetString(DicomTags.PatientID, DicomVR.LO, "X");

        var act = () => WorkspaceQuery.FromIdentifier(identifier);

        act.Should().Throw<InvalidQueryException>().WithMessage("*Query/Retrieve Level*");
    }

    [Fact]
    public async Task Given_retrieve_keys_When_listing_files_Then_the_study_series_or_instance_files_are_returned()
    {
        var study = await _store.ListInstanceFilesAsync(QueryLevel.Study, ["1.1"]);
        var series = await _store.ListInstanceFilesAsync(QueryLevel.Series, ["1.1.1", "2.1.2"]);
        var instance = await _store.ListInstanceFilesAsync(QueryLevel.Image, ["1.2.1.2"]);
        var patient = await _store.ListInstanceFilesAsync(QueryLevel.Patient, ["PSEUDO-2"]);
        var hierarchical = await _store.ListInstanceFilesAsync(new WorkspaceQuery(QueryLevel.Series,
            new QueryKey(DicomTags.StudyInstanceUID, "1.2"), new QueryKey(DicomTags.SeriesInstanceUID, @"1.1.1\1.2.1")));

        study.Select(f => f.SopInstanceUid).Should().Equal("1.1.1.1", "1.1.1.2", "1.1.1.3", "1.1.2.1");
        series.Select(f => f.SopInstanceUid).Should().Equal("1.1.1.1", "1.1.1.2", "1.1.1.3", "2.1.2.1");
        instance.Should().ContainSingle().Which.Should().Match<InstanceFileInfo>(f =>
            f.SopClassUid == WorkspaceTestBed.MrImageStorage && f.TransferSyntaxUid == TransferSyntax.ExplicitVRLittleEndian.Uid
            && f.Path == Path.Combine(_store.Directory, "1.2", "1.2.1", "1.2.1.2.dcm") && f.Size == new FileInfo(f.Path).Length);
        patient.Select(f => f.SopInstanceUid).Should().Equal("2.1.1.1", "2.1.2.1");
        hierarchical.Select(f => f.SopInstanceUid).Should().Equal("1.2.1.1", "1.2.1.2");
    }

    [Fact]
    public async Task Given_a_retrieve_without_the_unique_key_of_its_level_When_listing_Then_it_is_refused_rather_than_returning_everything()
    {
        var act = () => _store.ListInstanceFilesAsync(new WorkspaceQuery(QueryLevel.Study, new QueryKey(DicomTags.StudyInstanceUID, "*")));

        await act.Should().ThrowAsync<InvalidQueryException>();
    }

    [Fact]
    public async Task Given_two_workspaces_When_one_is_queried_with_the_others_UIDs_Then_nothing_is_found()
    {
        var other = await _bed.OpenAsync(WorkspaceTestBed.Definition("project-b", "EDGE_B"));
        await WorkspaceTestBed.StoreAsync(other, WorkspaceTestBed.Dataset("7.7", "7.7.7", "7.7.7.7"));

        (await other.ListInstanceFilesAsync(QueryLevel.Study, ["1.1"])).Should().BeEmpty();
        (await other.FindAsync(QueryLevel.Study, [new QueryKey(DicomTags.StudyInstanceUID)]).ToListAsync())
            .Select(m => m[DicomTags.StudyInstanceUID]).Should().Equal("7.7");
        (await _store.ListInstanceFilesAsync(QueryLevel.Study, ["7.7"])).Should().BeEmpty();
    }

    [Fact]
    public async Task Given_a_list_longer_than_one_statement_allows_When_listing_files_Then_it_is_split_and_all_are_found()
    {
        var uids = Enumerable.Range(0, 2000).Select(i => $"9.{i}").Append("1.2").ToList();

        var files = await _store.ListInstanceFilesAsync(QueryLevel.Study, uids);

        files.Select(f => f.SopInstanceUid).Should().Equal("1.2.1.1", "1.2.1.2");
    }
}
