using Edge.Deid.Rules;
using Edge.Dicom.Data;

namespace Edge.Deid.Engine;

public sealed partial class DeidEngine
{
    /// <summary>
    /// The original identifiers the pixel stage looks for in an instance's frames, gathered as the engine gathers them
    /// before changing anything: for review tools that propose masks for a held instance. Never logged.
    /// </summary>
    public PixelIdentifiers PixelIdentifiersOf(DicomDataset dataset) => IdentifierCollector.Collect(this, dataset).ForPixels();

    /// <summary>
    /// Every value an instance holds that the profile will not keep — names, IDs, addresses, phone numbers,
    /// institutions, dates — gathered before anything changes, to be masked wherever free text is kept and looked for
    /// in the pixels, sorted by kind.
    /// </summary>
    private sealed class IdentifierCollector
    {
        private readonly DeidEngine _engine;

        private IdentifierCollector(DeidEngine engine) => _engine = engine;

        public List<string> Names { get; } = [];
        public List<string> Ids { get; } = [];
        public List<string> Dates { get; } = [];
        public List<string> Other { get; } = [];

        public IEnumerable<string> All => Names.Concat(Ids).Concat(Dates).Concat(Other);

        public static IdentifierCollector Collect(DeidEngine engine, DicomDataset root)
        {
            var collector = new IdentifierCollector(engine);
            collector.Walk(root);
            return collector;
        }

        public PixelIdentifiers ForPixels() => new(Names, Ids, Dates, Other);

        private void Walk(DicomDataset ds)
        {
            foreach (var e in ds.Elements)
            {
                if (e is DicomSequence s)
                {
                    foreach (var item in s.Items)
                    {
                        Walk(item);
                    }
                    continue;
                }
                if (e is not DicomValueElement v || v.Data.IsBulk || v.Length == 0 || e.Tag.IsPrivate)
                {
                    continue;
                }
                var vr = InstanceRun.EffectiveVR(v);
                if (!vr.IsString() || vr == DicomVR.UI)
                {
                    continue;
                }
                var row = _engine.Table.Lookup(e.Tag);
                var identifying = vr == DicomVR.PN
                    || e.Tag == DicomTags.PatientID || e.Tag == DicomTags.AccessionNumber || e.Tag == DicomTags.StudyID
                    || (row is not null && _engine.OptionAction(row) is not (DeidAction.Keep or DeidAction.Clean));
                if (identifying)
                {
                    Add(e.Tag, vr, ds.DecodeText(v));
                }
            }
        }

        private void Add(DicomTag tag, DicomVR vr, string text)
        {
            switch (vr)
            {
                case DicomVR.PN:
                    Names.AddRange(TextScrubber.NameParts(text));
                    break;
                case DicomVR.DA:
                    foreach (var d in text.Split('\\'))
                    {
                        Dates.AddRange(TextScrubber.DateSpellings(d.Trim()));
                    }
                    break;
                case DicomVR.DT or DicomVR.TM:
                    Other.AddRange(text.Split('\\').Where(t => t.Trim().Length >= 6));
                    break;
                default:
                    foreach (var value in text.Split('\\'))
                    {
                        var t = value.Trim();
                        if (t.Length >= 3)
                        {
                            // A value with digits is an identifier (ID, accession, phone); other text is matched as words.
                            (t.Any(char.IsAsciiDigit) ? Ids : Other).Add(t);
                        }
                    }
                    if (IsAddressLike(tag))
                    {
                        Other.AddRange(TextScrubber.Words(text, 4));
                    }
                    break;
            }
        }

        private static bool IsAddressLike(DicomTag tag) =>
            tag.Value is 0x00101040 or 0x00080081 or 0x00101060 or 0x00102154 or 0x00380300 or 0x00400243;
    }
}
