using Edge.Dicom.Data;

namespace Edge.Dicom.Tests.CharacterSets;

/// <summary>Whatever the bytes or the text, decoding and encoding return a result; they never throw.</summary>
public sealed class RobustnessTests
{
    private static readonly DicomVR[] s_vrs =
        [DicomVR.PN, DicomVR.LO, DicomVR.SH, DicomVR.LT, DicomVR.ST, DicomVR.UT, DicomVR.UC, DicomVR.CS];

    public static TheoryData<string> TermLists() => new(
        "",
        "ISO_IR 100", "ISO_IR 101", "ISO_IR 109", "ISO_IR 110", "ISO_IR 144", "ISO_IR 127", "ISO_IR 126", "ISO_IR 138",
        "ISO_IR 148", "ISO_IR 13", "ISO_IR 166", "ISO_IR 192", "GB18030", "GBK",
        @"\ISO 2022 IR 87", @"ISO 2022 IR 13\ISO 2022 IR 87\ISO 2022 IR 159", @"\ISO 2022 IR 149", @"\ISO 2022 IR 58",
        @"ISO 2022 IR 100\ISO 2022 IR 101\ISO 2022 IR 126\ISO 2022 IR 166", "NOT A TERM");

    [Theory]
    [MemberData(nameof(TermLists))]
    public void Given_random_bytes_When_decoded_under_a_character_set_Then_nothing_throws(string terms)
    {
        var set = DicomCharacterSet.FromTerms(terms.Split('\\'));
        var random = new Random(terms.Length * 7919 + 17);
        // Escape bytes and the bytes that follow them are over-represented, so the escape parser is exercised.
        byte[] interesting = [0x1B, 0x24, 0x28, 0x29, 0x2D, 0x42, 0x41, 0x43, 0x44, 0x4A, 0x49, 0x5C, 0x5E, 0x3D, 0x0D, 0x0A];

        for (var round = 0; round < 2000; round++)
        {
            var bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            for (var i = 0; i < bytes.Length; i++)
            {
                if (random.Next(4) == 0)
                {
                    bytes[i] = interesting[random.Next(interesting.Length)];
                }
            }
            var vr = s_vrs[round % s_vrs.Length];

            var text = set.Decode(bytes, vr);
            var again = set.Encode(text, vr);

            text.Length.Should().BeLessThanOrEqualTo(bytes.Length);
            again.Should().NotBeNull();
        }
    }

    [Theory]
    [MemberData(nameof(TermLists))]
    public void Given_random_text_When_encoded_under_a_character_set_Then_nothing_throws_and_it_decodes_again(string terms)
    {
        var set = DicomCharacterSet.FromTerms(terms.Split('\\'));
        var random = new Random(terms.Length * 104729 + 3);

        for (var round = 0; round < 2000; round++)
        {
            var chars = new char[random.Next(0, 24)];
            for (var i = 0; i < chars.Length; i++)
            {
                // Any UTF-16 code unit but U+FFFD and after, lone surrogates included, biased towards ASCII and delimiters.
                chars[i] = random.Next(3) switch
                {
                    0 => (char)random.Next(0x20, 0x7F),
                    1 => "\\^=\r\n"[random.Next(5)],
                    _ => (char)random.Next(0x80, 0xFFFD),
                };
            }
            var vr = s_vrs[round % s_vrs.Length];

            var bytes = set.Encode(new string(chars), vr);

            set.Decode(bytes, vr).Should().NotContain("\uFFFD", "the encoder writes only what the set can read back");
        }
    }
}
