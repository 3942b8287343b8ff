using System.Globalization;
using Edge.Deid.Engine;
using Edge.Deid.Profiles;
using Edge.Deid.Rules;
using Edge.Dicom.Data;

namespace Edge.Deid.Tests.Engine;

/// <summary>
/// Every row of PS3.15 2024b Table E.1-1, with no option and with each single option, in six IODs (one per IOD type
/// family, and those with IOD-specific types): a dataset holding the attribute, at top level and inside an item of a
/// sequence the table does not list, gets exactly the action the row prescribes (see <see cref="TableOracle"/>).
/// </summary>
public class TableConformanceTests
{
    private static readonly ConfidentialityProfileTable s_table = ConfidentialityProfileTables.Get("2024b");

    // VOI LUT Sequence is not in the table: its items are walked, and what they hold follows its own rows.
    private static readonly DicomTag s_wrapper = DicomTags.VOILUTSequence;

    public static TheoryData<string, string> OptionsAndIods()
    {
        var data = new TheoryData<string, string>();
        foreach (var option in new[] { "none" }.Concat(Enum.GetNames<DeidOption>()))
        {
            foreach (var sop in new[] { EngineHarness.CtImage, EngineHarness.EnhancedCtImage, EngineHarness.ComprehensiveSr, EngineHarness.RtPlan, EngineHarness.PetImage, EngineHarness.DxImage })
            {
                data.Add(option, sop);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(OptionsAndIods))]
    public void Given_every_row_at_top_level_and_in_a_sequence_When_deidentified_with_no_or_one_option_Then_each_attribute_gets_exactly_the_prescribed_action(string option, string sopClassUid)
    {
        var profile = option == "none" ? EngineHarness.Profile() : EngineHarness.Profile(Enum.Parse<DeidOption>(option));
        var engine = new DeidEngine(profile);
        var probe = EngineHarness.NewInstance(sopClassUid);
        var (family, iod) = (IodTypes.FamilyOf(probe), IodTypes.IodOf(probe));
        var failures = new List<string>();
        var cases = 0;

        foreach (var row in s_table.Rows)
        {
            var tag = Concrete(row);
            var vr = VrOf(row, tag);
            foreach (var depth in Placements(tag))
            {
                var expected = TableOracle.For(row, tag, vr, profile, IodTypes.TypeOf(tag, family, iod), depth);
                cases++;
                if (RunOne(engine, profile, sopClassUid, tag, vr, depth, expected) is { } problem)
                {
                    failures.Add($"{tag} {row.Name} [{vr.Code()}] {(depth == 0 ? "top level" : "in a sequence")}, expected {expected}: {problem}");
                }
            }
        }

        failures.Should().BeEmpty();
        cases.Should().BeGreaterThan(1150, "every one of the 620 rows is tried at top level, and most in a sequence too");
    }

    [Fact]
    public void Given_the_sequence_that_holds_nested_attributes_When_looked_up_Then_the_table_does_not_list_it()
    {
        s_table.Lookup(s_wrapper).Should().BeNull();
    }

    [Theory]
    [InlineData(DeidAction.Remove, 3, DeidAction.Remove)]
    [InlineData(DeidAction.Remove, 2, DeidAction.Zero)]
    [InlineData(DeidAction.Remove, 1, DeidAction.Dummy)]
    [InlineData(DeidAction.RemoveOrZero, 2, DeidAction.Zero)]
    [InlineData(DeidAction.RemoveOrDummy, 2, DeidAction.Dummy)]
    [InlineData(DeidAction.ZeroOrDummy, 3, DeidAction.Zero)]
    [InlineData(DeidAction.ZeroOrDummy, 1, DeidAction.Dummy)]
    [InlineData(DeidAction.RemoveZeroOrDummy, 3, DeidAction.Remove)]
    [InlineData(DeidAction.RemoveZeroOrDummy, 2, DeidAction.Zero)]
    [InlineData(DeidAction.RemoveZeroOrDummy, 1, DeidAction.Dummy)]
    public void Given_a_combined_code_and_an_IOD_type_When_resolved_by_the_oracle_Then_it_is_the_first_code_the_type_allows(DeidAction code, int type, DeidAction resolved)
    {
        TableOracle.ByType(code, type).Should().Be(resolved);
    }

    private static string? RunOne(DeidEngine engine, DeidProfile profile, string sopClassUid, DicomTag tag, DicomVR vr, int depth, Expected expected)
    {
        var ds = EngineHarness.NewInstance(sopClassUid);
        DicomElement original;
        if (tag.IsFileMeta)
        {
            // Group 0002 lives in the file meta, which DicomFile.Create fills from the dataset.
            original = EngineHarness.Text(tag, DicomVR.UI, EngineHarness.SopInstanceUid);
        }
        else
        {
            original = SampleValues.For(tag, vr);
            if (depth == 0)
            {
                ds.Set(original);
            }
            else
            {
                var item = new DicomDataset();
                item.Set(original);
                ds.Set(new DicomSequence(s_wrapper).AddItem(item));
            }
        }

        var file = EngineHarness.Run(ds, engine);

        var container = tag.IsFileMeta ? file.FileMeta
            : depth == 0 ? file.Dataset
            : file.Dataset.GetSequence(s_wrapper)?.Items.SingleOrDefault();
        return container is null ? "the enclosing sequence lost its item" : Verify(expected, container, tag, vr, original, profile);
    }

    private static string? Verify(Expected expected, DicomDataset container, DicomTag tag, DicomVR vr, DicomElement original, DeidProfile profile)
    {
        var result = container.Get(tag);
        if (expected == Expected.Absent)
        {
            return result is null ? null : "still present";
        }
        if (result is null)
        {
            return "removed";
        }
        if (expected == Expected.Empty)
        {
            return result switch
            {
                DicomSequence s => s.Items.Count == 0 ? null : $"{s.Items.Count} items",
                DicomValueElement v => v.Length == 0 ? null : $"value '{container.DecodeText(v)}'",
                _ => "not a value",
            };
        }
        if (expected == Expected.Walked)
        {
            return VerifyWalked(result, profile);
        }
        if (result is not DicomValueElement value || original is not DicomValueElement source)
        {
            return "not a value element";
        }
        var bytes = value.GetBytes().Span;
        var text = vr.IsString() ? container.DecodeText(value) : "";
        var originalText = vr.IsString() || tag.IsFileMeta ? TextOf(source) : "";
        var key = EngineHarness.Key;
        bool ok = expected switch
        {
            Expected.Unchanged => bytes.SequenceEqual(source.GetBytes().Span),
            Expected.Dummy => bytes.Length > 0 && !bytes.SequenceEqual(source.GetBytes().Span) && VrValidity.IsValid(vr, bytes, text),
            Expected.NewUid => TextOf(value) is var uid && uid.StartsWith("2.25.", StringComparison.Ordinal) && uid != originalText
                && uid == key.MapUid(originalText) && VrValidity.IsValid(DicomVR.UI, bytes, uid),
            Expected.Shifted => text == Shift(originalText, vr),
            Expected.Scrubbed => text == originalText.Replace(EngineHarness.FamilyName, "***", StringComparison.Ordinal),
            Expected.Pseudonym => text == EngineHarness.Pseudonym(),
            Expected.Workspace => text == key.Workspace,
            Expected.KeyedHash => text.Length is > 0 and <= 16 && text != originalText
                && text == key.HashText(tag == DicomTags.AccessionNumber ? "accession" : "study-id", originalText, 16),
            _ => false,
        };
        return ok ? null : $"got {(vr.IsString() || tag.IsFileMeta ? $"'{TextOf(value)}'" : Convert.ToHexString(bytes))} from '{(originalText.Length > 0 ? originalText : Convert.ToHexString(source.GetBytes().Span))}'";
    }

    private static string? VerifyWalked(DicomElement result, DeidProfile profile)
    {
        if (result is not DicomSequence s || s.Items.Count != 1)
        {
            return result is DicomSequence e ? $"{e.Items.Count} items" : "not a sequence";
        }
        var item = s.Items[0];
        var instance = profile.Has(DeidOption.RetainUids) ? SampleValues.ReferencedInstanceUid : EngineHarness.Key.MapUid(SampleValues.ReferencedInstanceUid);
        if (item.GetString(DicomTags.ReferencedSOPClassUID) != SampleValues.ReferencedClassUid)
        {
            return "the class UID in the item changed";
        }
        return item.GetString(DicomTags.ReferencedSOPInstanceUID) == instance ? null : "the instance UID in the item is not the expected one";
    }

    private static string TextOf(DicomValueElement v) => System.Text.Encoding.ASCII.GetString(v.GetBytes().Span).TrimEnd(' ', '\0');

    /// <summary>A table row's tag; a repeating row ((50XX,XXXX), (60XX,3000)) as its group's first, with curve data for XXXX.</summary>
    private static DicomTag Concrete(ProfileRow row)
    {
        var tag = row.IsMasked && row.Tag.Element == 0 ? new DicomTag(row.Tag.Group, 0x3000) : row.Tag;
        row.Matches(tag).Should().BeTrue();
        return tag;
    }

    /// <summary>The dictionary's VR; command elements (group 0000) are not in PS3.6's data dictionary, and are UIDs.</summary>
    private static DicomVR VrOf(ProfileRow row, DicomTag tag) =>
        DicomDictionary.Lookup(tag)?.VR
        ?? (row.Name.EndsWith(" UID", StringComparison.Ordinal) ? DicomVR.UI : throw new InvalidOperationException($"No VR for {tag} {row.Name}"));

    /// <summary>Top level always; in a sequence item except where that means nothing (command, meta, padding, repeating groups).</summary>
    private static IEnumerable<int> Placements(DicomTag tag)
    {
        yield return 0;
        if (tag.Group is not (0x0000 or 0x0002 or 0xFFFC) && (tag.Group & 0xFF00) is not (0x5000 or 0x6000))
        {
            yield return 1;
        }
    }

    /// <summary>The value moved by the patient's whole-day offset and, for times, the time-of-day offset (no carry).</summary>
    private static string Shift(string value, DicomVR vr)
    {
        var days = EngineHarness.OffsetDays();
        var seconds = EngineHarness.OffsetSeconds();
        return vr switch
        {
            DicomVR.DA => ShiftDate(value, days),
            DicomVR.TM => ShiftTime(value, seconds),
            _ => ShiftDate(value[..8], days) + ShiftTime(value[8..], seconds),
        };
    }

    private static string ShiftDate(string da, int days) =>
        DateOnly.ParseExact(da, "yyyyMMdd", CultureInfo.InvariantCulture).AddDays(days).ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static string ShiftTime(string tm, int seconds)
    {
        var dot = tm.IndexOf('.', StringComparison.Ordinal);
        var main = dot < 0 ? tm : tm[..dot];
        var fraction = dot < 0 ? "" : tm[dot..];
        var t = TimeOnly.ParseExact(main, "HHmmss", CultureInfo.InvariantCulture).Add(TimeSpan.FromSeconds(seconds));
        return t.ToString("HHmmss", CultureInfo.InvariantCulture) + fraction;
    }
}
