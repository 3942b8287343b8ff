using Edge.Dicom.Data;

namespace Edge.Dicom.Tests.CharacterSets;

/// <summary>
/// Encoded values and their text: the examples of PS3.5 Annexes H (Japanese), I (Korean), J (Chinese GB18030) and K
/// (Chinese GB 2312), and a name in each single-byte set. Bytes agree with the corpus files that carry the same
/// examples (chrI2, chrGB2312, chrJapMulti, chrX1, chrGreek, chrHbrw) and with Python's codecs for the others.
/// </summary>
public static class CharacterSetExamples
{
    public sealed record Example(string Name, string Terms, DicomVR VR, string Hex, string Text)
    {
        public DicomCharacterSet CharacterSet => DicomCharacterSet.FromTerms(Terms.Split('\\'));

        public byte[] Bytes => Convert.FromHexString(Hex.Replace(" ", "", StringComparison.Ordinal));

        public override string ToString() => Name;
    }

    public static IReadOnlyList<Example> All { get; } =
    [
        // H.3.1: value 1 empty, JIS X 0208 in G0, back to ASCII before every delimiter.
        new("H.3.1 ISO 2022 IR 87", @"\ISO 2022 IR 87", DicomVR.PN,
            "59 61 6D 61 64 61 5E 54 61 72 6F 75 3D 1B 24 42 3B 33 45 44 1B 28 42 5E 1B 24 42 42 40 4F 3A 1B 28 42 3D"
            + " 1B 24 42 24 64 24 5E 24 40 1B 28 42 5E 1B 24 42 24 3F 24 6D 24 26 1B 28 42",
            "Yamada^Tarou=山田^太郎=やまだ^たろう"),
        // H.3.2: JIS X 0201 katakana in G1 from value 1; the switch back is to JIS X 0201 Roman (ESC ( J).
        new("H.3.2 ISO 2022 IR 13 and IR 87", @"ISO 2022 IR 13\ISO 2022 IR 87", DicomVR.PN,
            "D4 CF C0 DE 5E C0 DB B3 3D 1B 24 42 3B 33 45 44 1B 28 4A 5E 1B 24 42 42 40 4F 3A 1B 28 4A 3D"
            + " 1B 24 42 24 64 24 5E 24 40 1B 28 4A 5E 1B 24 42 24 3F 24 6D 24 26 1B 28 4A",
            "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう"),
        // JIS X 0212 (ISO 2022 IR 159) beside JIS X 0208: 丂 is 30/21 in JIS X 0212.
        new("ISO 2022 IR 87 and IR 159", @"\ISO 2022 IR 87\ISO 2022 IR 159", DicomVR.LO,
            "1B 24 42 45 6C 35 7E 1B 24 28 44 30 21 1B 28 42",
            "東京丂"),
        new("chrJapMulti LT", @"\ISO 2022 IR 87", DicomVR.LT,
            "1B 24 42 24 3F 24 6D 24 26 1B 28 42",
            "たろう"),
        // I.2: KS X 1001 in G1, designated again after each delimiter (G1 starts out empty).
        new("I.2 ISO 2022 IR 149", @"\ISO 2022 IR 149", DicomVR.PN,
            "48 6F 6E 67 5E 47 69 6C 64 6F 6E 67 3D 1B 24 29 43 FB F3 5E 1B 24 29 43 D1 CE D4 D7 3D"
            + " 1B 24 29 43 C8 AB 5E 1B 24 29 43 B1 E6 B5 BF",
            "Hong^Gildong=洪^吉洞=홍^길동"),
        // I.2 text: the designation is repeated on each line, since CR LF returns to the initial state.
        new("I.2 ISO 2022 IR 149 lines", @"\ISO 2022 IR 149", DicomVR.LT,
            "54 68 65 20 66 69 72 73 74 20 6C 69 6E 65 20 69 6E 63 6C 75 64 65 73 20 1B 24 29 43 C7 D1 B1 DB 2E 0D 0A"
            + " 54 68 65 20 73 65 63 6F 6E 64 20 6C 69 6E 65 20 69 6E 63 6C 75 64 65 73 20 1B 24 29 43 C7 D1 B1 DB 2C"
            + " 20 74 6F 6F 2E 0D 0A 54 68 65 20 74 68 69 72 64 20 6C 69 6E 65 2E 0D 0A",
            "The first line includes 한글.\r\nThe second line includes 한글, too.\r\nThe third line.\r\n"),
        // J.3: GB18030, no code extensions.
        new("J.3 GB18030", "GB18030", DicomVR.PN,
            "57 61 6E 67 5E 58 69 61 6F 44 6F 6E 67 3D CD F5 5E D0 A1 B6 AB 3D",
            "Wang^XiaoDong=王^小东="),
        new("J.3 GB18030 lines", "GB18030", DicomVR.LT,
            "B5 DA D2 BB D0 D0 CE C4 D7 D6 A1 A3 0D 0A B5 DA B6 FE D0 D0 CE C4 D7 D6 A1 A3 0D 0A"
            + " B5 DA C8 FD D0 D0 CE C4 D7 D6 A1 A3 0D 0A",
            "第一行文字。\r\n第二行文字。\r\n第三行文字。\r\n"),
        new("GB18030 four-byte", "GB18030", DicomVR.LO, "95 32 82 36", "𠀀"),
        new("GBK", "GBK", DicomVR.PN, "D6 EC 5E E9 46 BB F9", "朱^镕基"),
        // K: GB 2312 in G1 (ISO 2022 IR 58).
        new("K ISO 2022 IR 58", @"\ISO 2022 IR 58", DicomVR.PN,
            "5A 68 61 6E 67 5E 58 69 61 6F 44 6F 6E 67 3D 1B 24 29 41 D5 C5 5E 1B 24 29 41 D0 A1 B6 AB 3D",
            "Zhang^XiaoDong=张^小东="),
        new("K ISO 2022 IR 58 lines", @"\ISO 2022 IR 58", DicomVR.LT,
            "31 2E 1B 24 29 41 B5 DA D2 BB D0 D0 CE C4 D7 D6 A1 A3 0D 0A"
            + " 32 2E 1B 24 29 41 B5 DA B6 FE D0 D0 CE C4 D7 D6 A1 A3 0D 0A"
            + " 33 2E 1B 24 29 41 B5 DA C8 FD D0 D0 CE C4 D7 D6 A1 A3 0D 0A",
            "1.第一行文字。\r\n2.第二行文字。\r\n3.第三行文字。\r\n"),
        new("UTF-8", "ISO_IR 192", DicomVR.PN,
            "57 61 6E 67 5E 58 69 61 6F 44 6F 6E 67 3D E7 8E 8B 5E E5 B0 8F E6 9D B1 3D",
            "Wang^XiaoDong=王^小東="),
        new("Latin-1", "ISO_IR 100", DicomVR.PN, "42 75 63 5E 4A E9 72 F4 6D 65", "Buc^Jérôme"),
        new("Latin-2", "ISO_IR 101", DicomVR.PN, "44 76 6F F8 E1 6B 5E 41 6E 74 6F 6E ED 6E", "Dvořák^Antonín"),
        new("Latin-3", "ISO_IR 109", DicomVR.PN, "42 6F 72 F5 5E D5 75 BF 65 70 70 69", "Borġ^Ġużeppi"),
        new("Latin-4", "ISO_IR 110", DicomVR.PN, "D3 BA 6E 69 F1 B9 5E 4A E0 6E 69 73", "Ķēniņš^Jānis"),
        new("Cyrillic", "ISO_IR 144", DicomVR.PN, "B8 D2 D0 DD DE D2 5E B8 D2 D0 DD", "Иванов^Иван"),
        new("Arabic", "ISO_IR 127", DicomVR.PN, "E2 C8 C7 E6 EA 5E E4 E6 D2 C7 D1", "قباني^لنزار"),
        new("Greek", "ISO_IR 126", DicomVR.PN, "C4 E9 EF ED F5 F3 E9 EF F2", "Διονυσιος"),
        new("Hebrew", "ISO_IR 138", DicomVR.PN, "F9 F8 E5 EF 5E E3 E1 E5 F8 E4", "שרון^דבורה"),
        new("Latin-5", "ISO_IR 148", DicomVR.PN, "C7 61 F0 6C 61 72 5E DE FC 6B 72 FC", "Çağlar^Şükrü"),
        new("Thai", "ISO_IR 166", DicomVR.PN, "CA C1 AA D2 C2 5E E3 A8 B4 D5", "สมชาย^ใจดี"),
        new("JIS X 0201", "ISO_IR 13", DicomVR.PN, "D4 CF C0 DE 5E C0 DB B3", "ﾔﾏﾀﾞ^ﾀﾛｳ"),
        // Two single-byte sets: Greek designated into G1 for one component, Latin-1 restored at the end.
        new("ISO 2022 IR 100 and IR 126", @"ISO 2022 IR 100\ISO 2022 IR 126", DicomVR.PN,
            "4A E9 72 F4 6D 65 5E 1B 2D 46 C4 E9 EF ED F5 F3 E9 EF F2 1B 2D 41",
            "Jérôme^Διονυσιος"),
        new("ISO 2022 IR 6 and IR 144", @"ISO 2022 IR 6\ISO 2022 IR 144", DicomVR.LO,
            "49 44 20 1B 2D 4C B8 D2 D0 DD", "ID Иван"),
    ];

    /// <summary>Example names, so each example is its own test case.</summary>
    public static TheoryData<string> Names() => new(All.Select(e => e.Name));

    public static Example Named(string name) => All.Single(e => e.Name == name);
}
