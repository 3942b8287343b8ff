using System.Globalization;
using Edge.Deid.Profiles;
using Edge.Deid.Rules;
using Edge.Dicom.Data;

namespace Edge.Deid.Tests.Engine;

/// <summary>Dates move by one whole-day offset per patient, times by one offset modulo 24 h, at any depth.</summary>
public class DateShiftTests
{
    [Fact]
    public void Given_dates_at_several_depths_When_research_default_applies_Then_each_moves_by_the_patients_offset_and_intervals_stay()
    {
        var ds = EngineHarness.NewInstance();
        ds.SetString(DicomTags.StudyDate, DicomVR.DA, "20190314");
        ds.SetString(DicomTags.AcquisitionDateTime, DicomVR.DT, "20190315235959.5+0100");
        var item = new DicomDataset();
        item.SetString(DicomTags.ObservationDateTime, DicomVR.DT, "2018");
        item.SetString(DicomTags.InstanceCreationDate, DicomVR.DA, "20180101");
        ds.Set(new DicomSequence(DicomTags.VOILUTSequence).AddItem(item));

        var file = EngineHarness.Run(ds, BuiltInProfiles.ResearchDefault);

        var days = EngineHarness.OffsetDays();
        days.Should().BeInRange(-3650, -365);
        var inner = file.Dataset.GetSequence(DicomTags.VOILUTSequence)!.Items[0];
        file.Dataset.GetString(DicomTags.StudyDate).Should().Be(Day("20190314", days));
        file.Dataset.GetString(DicomTags.AcquisitionDateTime).Should().StartWith(Day("20190315", days)).And.EndWith(".5+0100").And.HaveLength(21);
        inner.GetString(DicomTags.InstanceCreationDate).Should().Be(Day("20180101", days));
        inner.GetString(DicomTags.ObservationDateTime).Should().Be(Day("20180101", days)[..4], "a year-only DT stays year-only");
    }

    [Fact]
    public void Given_a_time_near_midnight_When_shifted_Then_it_wraps_within_the_day_and_keeps_its_precision()
    {
        var ds = EngineHarness.NewInstance();
        ds.SetString(DicomTags.StudyDate, DicomVR.DA, "20190314");
        ds.SetString(DicomTags.StudyTime, DicomVR.TM, "235959.123456");
        ds.SetString(DicomTags.SeriesTime, DicomVR.TM, "0810");

        var file = EngineHarness.Run(ds, BuiltInProfiles.ResearchDefault);

        var seconds = EngineHarness.OffsetSeconds();
        var study = TimeOnly.ParseExact("235959", "HHmmss", CultureInfo.InvariantCulture).Add(TimeSpan.FromSeconds(seconds));
        var series = TimeOnly.ParseExact("0810", "HHmm", CultureInfo.InvariantCulture).Add(TimeSpan.FromSeconds(seconds));
        file.Dataset.GetString(DicomTags.StudyTime).Should().Be(study.ToString("HHmmss", CultureInfo.InvariantCulture) + ".123456");
        file.Dataset.GetString(DicomTags.SeriesTime).Should().Be(series.ToString("HHmm", CultureInfo.InvariantCulture));
        file.Dataset.GetString(DicomTags.StudyDate).Should().Be(Day("20190314", EngineHarness.OffsetDays()), "times never carry into dates");
    }

    [Fact]
    public void Given_a_date_range_and_a_legacy_dotted_date_When_shifted_Then_both_ends_move_and_the_legacy_form_becomes_DA()
    {
        var ds = EngineHarness.NewInstance();
        ds.SetString(DicomTags.StudyDate, DicomVR.DA, "2019.03.14");
        ds.SetString(DicomTags.SeriesDate, DicomVR.DA, "20190101-20190131");

        var file = EngineHarness.Run(ds, BuiltInProfiles.ResearchDefault);

        var days = EngineHarness.OffsetDays();
        file.Dataset.GetString(DicomTags.StudyDate).Should().Be(Day("20190314", days));
        file.Dataset.GetString(DicomTags.SeriesDate).Should().Be($"{Day("20190101", days)}-{Day("20190131", days)}");
    }

    [Fact]
    public void Given_an_unreadable_date_When_research_default_applies_Then_it_is_emptied_never_kept()
    {
        var ds = EngineHarness.NewInstance();
        ds.SetString(DicomTags.StudyDate, DicomVR.DA, "14 MAR 2019");

        var file = EngineHarness.Run(ds, BuiltInProfiles.ResearchDefault);

        file.Dataset.Contains(DicomTags.StudyDate).Should().BeTrue();
        file.Dataset.GetString(DicomTags.StudyDate).Should().BeEmpty();
    }

    [Fact]
    public void Given_full_dates_are_retained_When_deidentified_Then_dates_and_times_are_unchanged()
    {
        var ds = EngineHarness.NewInstance();
        ds.SetString(DicomTags.StudyDate, DicomVR.DA, "20190314");
        ds.SetString(DicomTags.StudyTime, DicomVR.TM, "101010");

        var file = EngineHarness.Run(ds, EngineHarness.Profile(DeidOption.RetainLongitudinalFullDates));

        file.Dataset.GetString(DicomTags.StudyDate).Should().Be("20190314");
        file.Dataset.GetString(DicomTags.StudyTime).Should().Be("101010");
    }

    [Fact]
    public void Given_the_basic_profile_When_deidentified_Then_the_study_date_is_emptied()
    {
        var ds = EngineHarness.NewInstance();
        ds.SetString(DicomTags.StudyDate, DicomVR.DA, "20190314");

        var file = EngineHarness.Run(ds, BuiltInProfiles.Basic);

        file.Dataset.GetString(DicomTags.StudyDate).Should().BeEmpty();
    }

    private static string Day(string da, int days) =>
        DateOnly.ParseExact(da, "yyyyMMdd", CultureInfo.InvariantCulture).AddDays(days).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}
