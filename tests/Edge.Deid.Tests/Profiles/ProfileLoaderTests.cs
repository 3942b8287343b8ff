using Edge.Deid.Profiles;
using Edge.Deid.Rules;
using Edge.Testing;

namespace Edge.Deid.Tests.Profiles;

/// <summary>Profiles are YAML or JSON files, validated at load; an error names the file, the line and the problem.</summary>
public sealed class ProfileLoaderTests : IDisposable
{
    private const string Yaml = """
        name: cardio-2026
        extends: research-default
        options: [RetainDeviceIdentity, rtnInstIdOpt]
        pseudonym: { prefix: CARD, length: 10 }
        dates: { shiftMinDays: -1000, shiftMaxDays: -400, shiftTimes: false, birthDate: year }
        cleanPixelData: false
        overrides:
          - { keyword: BodyPartExamined, action: map, map: { CHEST: THORAX, LUNG: THORAX }, default: OTHER }
          - { tag: "(0010,1010)", action: ageBand, bands: [18, 40, 65, 90] }
        """;

    private const string Json = """
        {
          "name": "cardio-2026",
          "extends": "research-default",
          "options": ["RetainDeviceIdentity", "rtnInstIdOpt"],
          "pseudonym": { "prefix": "CARD", "length": 10 },
          "dates": { "shiftMinDays": -1000, "shiftMaxDays": -400, "shiftTimes": false, "birthDate": "year" },
          "cleanPixelData": false,
          "overrides": [
            { "keyword": "BodyPartExamined", "action": "map", "map": { "CHEST": "THORAX", "LUNG": "THORAX" }, "default": "OTHER" },
            { "tag": "(0010,1010)", "action": "ageBand", "bands": [18, 40, 65, 90] }
          ]
        }
        """;

    private readonly TempDirectory _dir = new("edge-profiles");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Given_a_yaml_profile_file_When_loaded_Then_every_setting_is_read_on_top_of_the_extended_profile()
    {
        var p = ProfileLoader.Load(Write("cardio.yaml", Yaml));

        p.Name.Should().Be("cardio-2026");
        p.Options.Should().BeEquivalentTo(BuiltInProfiles.ResearchDefault.Options.Append(DeidOption.RetainDeviceIdentity).Append(DeidOption.RetainInstitutionIdentity));
        (p.PseudonymPrefix, p.PseudonymLength).Should().Be(("CARD", 10));
        (p.DateShiftMinDays, p.DateShiftMaxDays, p.ShiftTimes, p.BirthDate).Should().Be((-1000, -400, false, BirthDateHandling.Year));
        p.CleanPixelData.Should().BeFalse();
        p.Overrides.Should().HaveCount(2);
        p.Overrides[0].Kind.Should().Be(OverrideKind.MapTable);
        p.Overrides[0].Map.Should().Contain("CHEST", "THORAX");
        p.Overrides[0].MapDefault.Should().Be("OTHER");
        p.Overrides[1].Kind.Should().Be(OverrideKind.AgeBand);
        p.Overrides[1].Tag.Should().Be(Edge.Dicom.Data.DicomTags.PatientAge);
        p.Overrides[1].Bands.Should().Equal(18, 40, 65, 90);
        p.Hash.Should().MatchRegex("^[0-9a-f]{12}$").And.NotBe(BuiltInProfiles.ResearchDefault.Hash);
    }

    [Fact]
    public void Given_the_same_profile_in_json_When_loaded_Then_it_is_the_same_profile_with_the_same_hash()
    {
        var fromYaml = ProfileLoader.Load(Write("cardio.yaml", Yaml));
        var fromJson = ProfileLoader.Load(Write("cardio.json", Json));

        fromJson.Hash.Should().Be(fromYaml.Hash);
        fromJson.Options.Should().BeEquivalentTo(fromYaml.Options);
    }

    [Fact]
    public void Given_a_built_in_name_or_a_file_When_resolved_Then_the_built_in_wins_and_a_missing_file_is_named()
    {
        ProfileLoader.Resolve("research-default").Should().BeSameAs(BuiltInProfiles.ResearchDefault);
        ProfileLoader.Resolve("BASIC").Should().BeSameAs(BuiltInProfiles.Basic);

        var missing = _dir.Combine("nope.yaml");
        var act = () => ProfileLoader.Resolve(missing);

        act.Should().Throw<ProfileException>().WithMessage($"{missing}: no such built-in profile*");
    }

    [Theory]
    [InlineData("name: x\noptoins: [CleanDescriptors]\n", 2, "unknown key 'optoins' in profile (did you mean 'options'?)*")]
    [InlineData("name: x\ndates:\n  shiftMinDay: -10\n", 3, "unknown key 'shiftMinDay' in dates (did you mean 'shiftMinDays'?)*")]
    [InlineData("name: x\noverrides:\n  - { keyword: StudyDate, acton: keep }\n", 3, "unknown key 'acton' in override (did you mean 'action'?)*")]
    [InlineData("name: x\noptions: [RetainSafePrivat]\n", 2, "unknown option 'RetainSafePrivat' (did you mean 'RetainSafePrivate'?)")]
    [InlineData("name: x\noverrides:\n  - { tag: \"(0010,00G0)\", action: remove }\n", 3, "tag '(0010,00G0)': 'G' is not a hexadecimal digit")]
    [InlineData("name: x\noverrides:\n  - { tag: \"(0010,001)\", action: remove }\n", 3, "tag '(0010,001)': write (gggg,eeee)*")]
    [InlineData("name: x\noverrides:\n  - { keyword: PatientNam, action: remove }\n", 3, "keyword 'PatientNam' is not in the DICOM dictionary (did you mean 'PatientName'?)")]
    [InlineData("name: x\noverrides:\n  - { keyword: StudyDate, action: shift }\n", 3, "unknown action 'shift'*")]
    [InlineData("name: x\noptions: [RetainLongitudinalFullDates, RetainLongitudinalModifiedDates]\n", 1, "RetainLongitudinalFullDates and RetainLongitudinalModifiedDates exclude each other")]
    [InlineData("name: x\ndates: { shiftMinDays: -10, shiftMaxDays: -20 }\n", 2, "shiftMinDays (-10) is above shiftMaxDays (-20)")]
    [InlineData("name: x\npseudonym: { prefix: card }\n", 2, "pseudonym prefix 'card': at most 8 characters*")]
    [InlineData("name: x\nextends: paranoid\n", 2, "extends 'paranoid': only built-in profiles can be extended*")]
    public void Given_a_profile_with_a_mistake_When_loaded_Then_the_error_names_the_file_the_line_and_the_problem(string text, int line, string problem)
    {
        var path = Write("bad.yaml", text);

        var act = () => ProfileLoader.Load(path);

        act.Should().Throw<ProfileException>().WithMessage($"{path}:{line}:*: {problem}");
    }

    [Fact]
    public void Given_json_that_does_not_parse_When_loaded_Then_the_error_names_the_file_and_the_line()
    {
        var path = Write("broken.json", "{\n  \"name\": \"x\",\n  \"options\": [\"CleanDescriptors\"\n}\n");

        var act = () => ProfileLoader.Load(path);

        act.Should().Throw<ProfileException>().WithMessage($"{path}:4:*not valid YAML or JSON*");
    }

    [Fact]
    public void Given_the_built_in_profiles_When_listed_Then_research_default_is_basic_plus_the_recommended_options()
    {
        BuiltInProfiles.Basic.Options.Should().BeEmpty();
        BuiltInProfiles.ResearchDefault.Options.Should().BeEquivalentTo(new[]
        {
            DeidOption.RetainSafePrivate, DeidOption.RetainLongitudinalModifiedDates, DeidOption.RetainPatientCharacteristics,
            DeidOption.CleanDescriptors, DeidOption.CleanStructuredContent, DeidOption.CleanGraphics,
        });
        BuiltInProfiles.ResearchDefault.BirthDate.Should().Be(BirthDateHandling.Shift);
        BuiltInProfiles.Basic.Hash.Should().NotBe(BuiltInProfiles.ResearchDefault.Hash);
    }

    private string Write(string name, string text)
    {
        var path = _dir.Combine(name);
        File.WriteAllText(path, text);
        return path;
    }
}
