using System.Globalization;
using Edge.Dicom.Data;

namespace Edge.Deid.Tests.EndToEnd;

/// <summary>A value element somewhere in a dataset, with the path that finds it again in another version of it.</summary>
internal sealed record Located(string Path, int Depth, DicomDataset Owner, DicomValueElement Element)
{
    public string[] Values(DicomVR vr) =>
        Element.Data.IsBulk || Element.VR != vr ? [] : Owner.DecodeText(Element).Split('\\').Select(v => v.Trim(' ', '\0')).ToArray();
}

/// <summary>Walks every value element of a dataset, items included: path "(0008,1115)[0](0008,1155)".</summary>
internal static class DatasetWalk
{
    public static IEnumerable<Located> Values(DicomDataset ds) => Walk(ds, "", 0);

    /// <summary>The value elements of a file by path.</summary>
    public static Dictionary<string, Located> ByPath(DicomDataset ds) => Values(ds).ToDictionary(l => l.Path, StringComparer.Ordinal);

    private static IEnumerable<Located> Walk(DicomDataset ds, string prefix, int depth)
    {
        foreach (var e in ds.Elements)
        {
            var path = prefix + e.Tag.ToString();
            if (e is DicomSequence s)
            {
                for (var i = 0; i < s.Items.Count; i++)
                {
                    foreach (var inner in Walk(s.Items[i], path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", depth + 1))
                    {
                        yield return inner;
                    }
                }
            }
            else if (e is DicomValueElement v)
            {
                yield return new Located(path, depth, ds, v);
            }
        }
    }
}
