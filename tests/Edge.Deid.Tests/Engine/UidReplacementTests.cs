using Edge.Deid.Engine;
using Edge.Deid.Profiles;
using Edge.Deid.Rules;
using Edge.Dicom.Data;

namespace Edge.Deid.Tests.Engine;

/// <summary>Instance UIDs become keyed <c>2.25.</c> UIDs everywhere, consistently; registry and vocabulary UIDs never change.</summary>
public class UidReplacementTests
{
    [Fact]
    public void Given_a_referenced_image_sequence_When_the_basic_profile_applies_Then_it_is_kept_with_its_instance_uids_replaced()
    {
        var ds = EngineHarness.NewInstance();
        ds.Set(SampleValues.For(DicomTags.ReferencedImageSequence, DicomVR.SQ));

        var file = EngineHarness.Run(ds, BuiltInProfiles.Basic);

        var item = file.Dataset.GetSequence(DicomTags.ReferencedImageSequence)!.Items.Single();
        item.GetString(DicomTags.ReferencedSOPClassUID).Should().Be(SampleValues.ReferencedClassUid);
        item.GetString(DicomTags.ReferencedSOPInstanceUID).Should().Be(EngineHarness.Key.MapUid(SampleValues.ReferencedInstanceUid));
    }

    [Fact]
    public void Given_the_retain_uids_option_When_deidentified_Then_every_uid_is_kept()
    {
        var ds = EngineHarness.NewInstance();
        ds.Set(SampleValues.For(DicomTags.ReferencedImageSequence, DicomVR.SQ));

        var file = EngineHarness.Run(ds, EngineHarness.Profile(DeidOption.RetainUids));

        file.Dataset.GetString(DicomTags.SOPInstanceUID).Should().Be(EngineHarness.SopInstanceUid);
        file.Dataset.GetString(DicomTags.StudyInstanceUID).Should().Be(EngineHarness.StudyInstanceUid);
        file.Dataset.GetSequence(DicomTags.ReferencedImageSequence)!.Items[0].GetString(DicomTags.ReferencedSOPInstanceUID).Should().Be(SampleValues.ReferencedInstanceUid);
    }

    [Fact]
    public void Given_two_instances_sharing_a_study_When_deidentified_separately_Then_the_study_uid_maps_identically_and_instance_uids_differ()
    {
        var first = EngineHarness.NewInstance();
        var second = EngineHarness.NewInstance();
        second.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, EngineHarness.SopInstanceUid + ".2");

        var a = EngineHarness.Run(first, BuiltInProfiles.ResearchDefault).Dataset;
        var b = EngineHarness.Run(second, BuiltInProfiles.Basic).Dataset;

        a.GetString(DicomTags.StudyInstanceUID).Should().StartWith("2.25.").And.Be(b.GetString(DicomTags.StudyInstanceUID));
        a.GetString(DicomTags.SOPInstanceUID).Should().NotBe(b.GetString(DicomTags.SOPInstanceUID));
    }

    [Fact]
    public void Given_class_uids_When_deidentified_Then_registry_ones_are_kept_and_a_private_one_is_replaced()
    {
        var ds = EngineHarness.NewInstance();
        var registry = new DicomDataset();
        registry.SetString(DicomTags.ReferencedSOPClassUID, DicomVR.UI, EngineHarness.CtImage);
        var site = new DicomDataset();
        site.SetString(DicomTags.ReferencedSOPClassUID, DicomVR.UI, "1.2.826.0.1.3680043.9.7133.5.1");
        ds.Set(new DicomSequence(DicomTags.VOILUTSequence).AddItem(registry).AddItem(site));

        var file = EngineHarness.Run(ds, BuiltInProfiles.ResearchDefault);

        var items = file.Dataset.GetSequence(DicomTags.VOILUTSequence)!.Items;
        file.Dataset.GetString(DicomTags.SOPClassUID).Should().Be(EngineHarness.CtImage);
        items[0].GetString(DicomTags.ReferencedSOPClassUID).Should().Be(EngineHarness.CtImage);
        items[1].GetString(DicomTags.ReferencedSOPClassUID).Should().Be(EngineHarness.Key.MapUid("1.2.826.0.1.3680043.9.7133.5.1"));
    }

    [Fact]
    public void Given_a_coding_scheme_uid_and_a_placeholder_uid_When_deidentified_Then_both_are_kept()
    {
        var ds = EngineHarness.NewInstance();
        var item = new DicomDataset();
        item.SetString(DicomTags.CodingSchemeUID, DicomVR.UI, "2.16.840.1.113883.6.96");
        item.SetString(DicomTags.ReferencedSOPInstanceUID, DicomVR.UI, "0");
        ds.Set(new DicomSequence(DicomTags.VOILUTSequence).AddItem(item));

        var file = EngineHarness.Run(ds, BuiltInProfiles.ResearchDefault);

        var inner = file.Dataset.GetSequence(DicomTags.VOILUTSequence)!.Items[0];
        inner.GetString(DicomTags.CodingSchemeUID).Should().Be("2.16.840.1.113883.6.96");
        inner.GetString(DicomTags.ReferencedSOPInstanceUID).Should().Be("0");
    }

    [Fact]
    public void Given_a_device_uid_When_retain_device_identity_is_on_Then_it_is_kept_as_the_option_says_and_replaced_otherwise()
    {
        var ds = EngineHarness.NewInstance();
        ds.SetString(DicomTags.DeviceUID, DicomVR.UI, SampleValues.Uid);

        var kept = EngineHarness.Run(ds.Clone(), EngineHarness.Profile(DeidOption.RetainDeviceIdentity)).Dataset;
        var replaced = EngineHarness.Run(ds.Clone(), BuiltInProfiles.ResearchDefault).Dataset;

        kept.GetString(DicomTags.DeviceUID).Should().Be(SampleValues.Uid);
        replaced.GetString(DicomTags.DeviceUID).Should().Be(EngineHarness.Key.MapUid(SampleValues.Uid));
    }

    [Fact]
    public void Given_a_file_with_source_meta_When_deidentified_Then_the_meta_is_rebuilt_from_the_new_uids_and_the_preamble_is_cleared()
    {
        var file = DicomFile.Create(EngineHarness.NewInstance(), TransferSyntax.ExplicitVRLittleEndian, sourceAeTitle: "SPRINGVALE_CT1");
        file.Preamble = Enumerable.Repeat((byte)'A', 128).ToArray();

        new DeidEngine(BuiltInProfiles.ResearchDefault).Deidentify(file, EngineHarness.Key);

        file.FileMeta.GetString(DicomTags.MediaStorageSOPInstanceUID).Should().Be(EngineHarness.Key.MapUid(EngineHarness.SopInstanceUid));
        file.FileMeta.GetString(DicomTags.MediaStorageSOPClassUID).Should().Be(EngineHarness.CtImage);
        file.FileMeta.Contains(DicomTags.SourceApplicationEntityTitle).Should().BeFalse();
        file.Preamble.Should().OnlyContain(b => b == 0);
    }
}
