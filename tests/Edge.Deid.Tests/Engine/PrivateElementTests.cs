using System.Buffers.Binary;
using Edge.Deid.Profiles;
using Edge.Dicom.Data;

namespace Edge.Deid.Tests.Engine;

/// <summary>
/// The private attributes row of Table E.1-1: X under Basic; with Retain Safe Private, what TCIA's knowledge base says
/// for the element's creator (keep, delete, hash a UID, offset a date), and unknown creators removed.
/// </summary>
public class PrivateElementTests
{
    private const string KnownCreator = "GEMS_IDEN_01";

    // GEMS_IDEN_01 in the knowledge base: xx04 Product Id keep, xx02 Suite Id delete, xxE3 Equipment UID hash,
    // xx27 Image Actual Date offset integer (seconds since 1970).
    private static readonly DicomTag s_creator = new(0x0009, 0x0010);
    private static readonly DicomTag s_productId = new(0x0009, 0x1004);
    private static readonly DicomTag s_suiteId = new(0x0009, 0x1002);
    private static readonly DicomTag s_equipmentUid = new(0x0009, 0x10E3);
    private static readonly DicomTag s_actualDate = new(0x0009, 0x1027);
    private static readonly DicomTag s_unknownCreator = new(0x0071, 0x0010);
    private static readonly DicomTag s_unknownValue = new(0x0071, 0x1010);
    private static readonly DicomTag s_unknownSequence = new(0x0071, 0x1020);

    [Fact]
    public void Given_private_elements_When_the_basic_profile_applies_Then_every_one_and_its_creator_is_removed()
    {
        var file = EngineHarness.Run(WithPrivates(), BuiltInProfiles.Basic);

        file.Dataset.Elements.Should().NotContain(e => e.Tag.IsPrivate);
    }

    [Fact]
    public void Given_retain_safe_private_When_deidentified_Then_the_knowledge_base_decides_each_element_of_a_known_creator()
    {
        var file = EngineHarness.Run(WithPrivates(), BuiltInProfiles.ResearchDefault);
        var ds = file.Dataset;

        ds.GetString(s_creator).Should().Be(KnownCreator);
        ds.GetString(s_productId).Should().Be("CT HISPEED");
        ds.Contains(s_suiteId).Should().BeFalse();
        ds.GetString(s_equipmentUid).Should().Be(EngineHarness.Key.MapUid(SampleValues.Uid));
        ds.GetInt32(s_actualDate).Should().Be(1_552_557_600 + (EngineHarness.OffsetDays() * 86400));
    }

    [Fact]
    public void Given_retain_safe_private_When_a_creator_is_unknown_Then_its_elements_sequences_and_creator_are_removed()
    {
        var file = EngineHarness.Run(WithPrivates(), BuiltInProfiles.ResearchDefault);

        file.Dataset.Contains(s_unknownCreator).Should().BeFalse();
        file.Dataset.Contains(s_unknownValue).Should().BeFalse();
        file.Dataset.Contains(s_unknownSequence).Should().BeFalse();
    }

    private static DicomDataset WithPrivates()
    {
        var ds = EngineHarness.NewInstance();
        ds.SetString(s_creator, DicomVR.LO, KnownCreator);
        ds.SetString(s_productId, DicomVR.LO, "CT HISPEED");
        ds.SetString(s_suiteId, DicomVR.LO, "SPRINGVALE SUITE");
        ds.SetString(s_equipmentUid, DicomVR.LO, SampleValues.Uid);
        var seconds = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(seconds, 1_552_557_600); // 2019-03-14 10:00 UTC
        ds.SetBytes(s_actualDate, DicomVR.SL, seconds);
        ds.SetString(s_unknownCreator, DicomVR.LO, "ACME PSEUDO TEST 1.0");
        ds.SetString(s_unknownValue, DicomVR.LO, $"Patient {EngineHarness.PatientName}");
        var item = new DicomDataset();
        item.SetString(DicomTags.PatientName, DicomVR.PN, EngineHarness.PatientName);
        ds.Set(new DicomSequence(s_unknownSequence).AddItem(item));
        return ds;
    }
}
