using System.Text.RegularExpressions;
using Edge.Dicom.Data;
using Edge.Testing;
using Xunit.Abstractions;

namespace Edge.Dicom.Tests.CharacterSets;

/// <summary>Text of the real corpus files, read through <see cref="DicomDataset.GetString"/>, as DCMTK and pydicom read it.</summary>
public sealed partial class CorpusCharacterSetTests(ITestOutputHelper output)
{
    /// <summary>Files with a Specific Character Set, or named for one, that DCMTK can parse.</summary>
    public static TheoryData<string> CharacterSetFiles()
    {
        var data = new TheoryData<string>();
        foreach (var (name, row) in Corpus.Manifest().OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var named = name.Contains("charset", StringComparison.OrdinalIgnoreCase) || name.Contains("chr", StringComparison.Ordinal);
            var declared = row.GetValueOrDefault("specific_charset") is { Length: > 0 };
            if ((named || declared) && row.GetValueOrDefault("parses_with_dcmdump") == "yes")
            {
                data.Add(name);
            }
        }
        if (data.Count == 0)
        {
            data.Add("(corpus absent)");
        }
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(CharacterSetFiles))]
    public void Given_a_corpus_file_When_its_text_is_decoded_Then_it_matches_dcmdump_in_UTF8(string name)
    {
        Corpus.RequireCorpus();
        ExternalTool.Require("dcmdump");
        var path = Path.Combine(Corpus.RealDir, name);
        var dump = ExternalTool.Run("dcmdump", "-q", "+U8", "+L", path);
        Skip.If(dump.ExitCode != 0, $"DCMTK cannot convert {name} to UTF-8 ({dump.StdErr.Trim()}); "
            + nameof(Given_a_Specific_Character_Set_example_file_When_read_Then_names_decode_as_pydicom_reads_them) + " covers it");

        using var file = DicomFile.Open(path);
        var compared = 0;
        foreach (Match m in DumpLine().Matches(dump.StdOut))
        {
            var tag = new DicomTag(Convert.ToUInt16(m.Groups["group"].Value, 16), Convert.ToUInt16(m.Groups["element"].Value, 16));
            if (tag.Group == 0x0002 || !DicomVRInfo.TryParse(m.Groups["vr"].Value, out var vr)
                || file.Dataset.Get(tag) is not DicomValueElement element || element.VR != vr)
            {
                // Meta information, or an element whose VR we resolve otherwise (implicit VR): not a text question.
                continue;
            }
            var ours = file.Dataset.GetString(tag);
            if (ours != m.Groups["value"].Value)
            {
                output.WriteLine($"{tag} {vr}: dcmdump [{m.Groups["value"].Value}] edge [{ours}]");
            }
            ours.Should().Be(m.Groups["value"].Value, $"{tag} {vr} of {name} must decode as DCMTK decodes it");
            compared++;
        }
        output.WriteLine($"{name}: {compared} text elements agree ({file.Dataset.CharacterSet})");
    }

    public static TheoryData<string, string, string> ExampleFileValues() => new()
    {
        { "pydicom__charset_files_chrGerm.dcm", "(0010,0010)", "Äneas^Rüdiger" },
        { "pydicom__charset_files_chrGreek.dcm", "(0010,0010)", "Διονυσιος" },
        { "pydicom__charset_files_chrHbrw.dcm", "(0010,0010)", "שרון^דבורה" },
        { "pydicom__charset_files_chrI2.dcm", "(0010,0010)", "Hong^Gildong=洪^吉洞=홍^길동" },
        { "pydicom__charset_files_chrX1.dcm", "(0010,0010)", "Wang^XiaoDong=王^小東=" },
        { "fo-dicom__charset_chrGB2312.dcm", "(0010,0010)", "Zhang^XiaoDong=张^小东=" },
        // DCMTK on Debian cannot convert ISO 2022 IR 87 (glibc iconv); these are pydicom's readings.
        { "pydicom__charset_files_chrJapMulti.dcm", "(0010,0010)", "やまだ^たろう" },
        { "pydicom__charset_files_chrJapMulti.dcm", "(0010,1001)", @"やまだ^たろう\やまだ^たろう" },
        { "pydicom__charset_files_chrJapMulti.dcm", "(0010,21B0)", "たろう" },
        { "pydicom__charset_files_chrJapMultiExplicitIR6.dcm", "(0010,0010)", "やまだ^たろう" },
        { "pydicom__charset_files_chrJapMultiExplicitIR6.dcm", "(0010,1001)", @"やまだ^たろう\やまだ^たろう" },
        { "pydicom__charset_files_chrJapMultiExplicitIR6.dcm", "(0010,21B0)", "たろう" },
    };

    [SkippableTheory]
    [MemberData(nameof(ExampleFileValues))]
    public void Given_a_Specific_Character_Set_example_file_When_read_Then_names_decode_as_pydicom_reads_them(
        string name, string tag, string expected)
    {
        Corpus.RequireCorpus();
        using var file = DicomFile.Open(Path.Combine(Corpus.RealDir, name));
        var parsed = new DicomTag(Convert.ToUInt16(tag[1..5], 16), Convert.ToUInt16(tag[6..10], 16));

        file.Dataset.CharacterSet.IsFallback.Should().BeFalse();
        file.Dataset.GetString(parsed).Should().Be(expected);
    }

    [SkippableFact]
    public void Given_the_example_files_When_a_name_is_encoded_again_Then_the_stored_bytes_come_back()
    {
        Corpus.RequireCorpus();
        string[] names = ["pydicom__charset_files_chrI2.dcm", "fo-dicom__charset_chrGB2312.dcm", "pydicom__charset_files_chrJapMulti.dcm"];
        foreach (var name in names)
        {
            using var file = DicomFile.Open(Path.Combine(Corpus.RealDir, name));
            var element = (DicomValueElement)file.Dataset.Get(DicomTags.PatientName)!;

            var encoded = file.Dataset.EncodeText(file.Dataset.GetString(DicomTags.PatientName)!, DicomVR.PN);

            encoded.Should().Equal(element.GetBytes().ToArray(), name);
        }
    }

    /// <summary>A top-level element line of dcmdump with a value: "(gggg,eeee) VR [value]   # len, vm Name".</summary>
    [GeneratedRegex(
        @"^\((?<group>[0-9a-f]{4}),(?<element>[0-9a-f]{4})\) (?<vr>SH|LO|ST|LT|PN|UC|UT) \[(?<value>.*)\]\s*#\s*\d+, \d+ \S+$",
        RegexOptions.Multiline)]
    private static partial Regex DumpLine();
}
