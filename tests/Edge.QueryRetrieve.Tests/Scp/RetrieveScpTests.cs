using Edge.Dicom.Data;
using Edge.QueryRetrieve.Tests.Support;
using Edge.Testing;

namespace Edge.QueryRetrieve.Tests.Scp;

/// <summary>DCMTK getscu and movescu against a running edged, with a DCMTK storescp as C-MOVE destination.</summary>
[Collection(ScpCollection.Name)]
public sealed class RetrieveScpTests(ScpFixture fixture)
{
    /// <summary>The alpha instances (from C-FIND) that the entity of <paramref name="level"/> chosen for the test holds, and the keys naming it.</summary>
    private (List<string> Expected, string[] Keys) Entity(Model model, string level)
    {
        Corpus.RequireCorpus();
        ExternalTool.Require("getscu");
        var rows = fixture.InstancesOf("ALPHA", "NODE_A").Matches;
        // The patient, study and series of the four-instance MR series.
        var chosen = rows.GroupBy(r => r.GetString(DicomTags.SeriesInstanceUID)).OrderByDescending(g => g.Count()).First().First();
        string Value(DicomTag tag) => chosen.GetString(tag)!;
        var keys = new List<string> { "QueryRetrieveLevel=" + level };
        if (model == Model.PatientRoot)
        {
            keys.Add("PatientID=" + Value(DicomTags.PatientID));
        }
        var path = new[] { DicomTags.StudyInstanceUID, DicomTags.SeriesInstanceUID, DicomTags.SOPInstanceUID };
        var depth = level switch { "PATIENT" => 0, "STUDY" => 1, "SERIES" => 2, _ => 3 };
        foreach (var tag in path.Take(depth))
        {
            keys.Add($"{DicomDictionary.KeywordOf(tag)}={Value(tag)}");
        }
        var expected = rows.Where(r => path.Take(depth).All(t => r.GetString(t) == Value(t))
                && (depth > 0 || r.GetString(DicomTags.PatientID) == Value(DicomTags.PatientID)))
            .Select(r => r.GetString(DicomTags.SOPInstanceUID)!).ToList();
        return (expected, keys.ToArray());
    }

    [SkippableTheory]
    [InlineData(Model.PatientRoot, "PATIENT")]
    [InlineData(Model.PatientRoot, "STUDY")]
    [InlineData(Model.PatientRoot, "SERIES")]
    [InlineData(Model.PatientRoot, "IMAGE")]
    [InlineData(Model.StudyRoot, "STUDY")]
    [InlineData(Model.StudyRoot, "SERIES")]
    [InlineData(Model.StudyRoot, "IMAGE")]
    internal void Given_the_keys_of_an_entity_When_getscu_retrieves_it_Then_exactly_its_instances_arrive_on_the_association(Model model, string level)
    {
        var (expected, keys) = Entity(model, level);
        using var received = new TempDirectory("edge-getscu");

        var result = Dcmtk.Get(fixture.Port, "ALPHA", "NODE_A", model, received.Path, keys);

        result.ExitCode.Should().Be(0, result.Output);
        ScpFixture.SopInstanceUids(received.Path).Should().BeEquivalentTo(expected);
    }

    [SkippableTheory]
    [InlineData(Model.PatientRoot, "PATIENT")]
    [InlineData(Model.StudyRoot, "STUDY")]
    [InlineData(Model.StudyRoot, "SERIES")]
    [InlineData(Model.StudyRoot, "IMAGE")]
    internal void Given_a_destination_of_the_node_When_movescu_moves_an_entity_Then_storescp_receives_exactly_its_instances(Model model, string level)
    {
        var (expected, keys) = Entity(model, level);
        foreach (var old in fixture.Destination.Files())
        {
            File.Delete(old);
        }

        var result = Dcmtk.Move(fixture.Port, "ALPHA", "NODE_A", model, "DEST_A", keys);

        result.ExitCode.Should().Be(0, result.Output);
        result.Output.Should().Contain("Received Final Move Response (Success)");
        ScpFixture.SopInstanceUids(fixture.Destination.Directory).Should().BeEquivalentTo(expected);
    }

    [SkippableFact]
    public void Given_a_destination_the_node_may_not_name_When_movescu_moves_Then_the_answer_is_move_destination_unknown()
    {
        var (_, keys) = Entity(Model.StudyRoot, "STUDY");

        var result = Dcmtk.Move(fixture.Port, "ALPHA", "NODE_A", Model.StudyRoot, "NOWHERE", keys);

        result.Output.Should().Contain("Received Final Move Response (Refused: MoveDestinationUnknown)", result.Output);
    }
}
