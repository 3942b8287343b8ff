using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Edge.Dicom.Data;

namespace Edge.Pixels;

/// <summary>
/// Reads the few numeric attributes pixel handling needs by their bytes, so an element read as UN (implicit VR with a
/// tag the dictionary does not know) is read as its standard VR would be.
/// </summary>
internal static class AttributeReader
{
    /// <summary>A US value, or null when absent or empty; an invalid length raises.</summary>
    public static ushort? UInt16(DicomDataset ds, DicomTag tag, string keyword, int index = 0)
    {
        var bytes = Small(ds, tag, keyword);
        if (bytes is null || bytes.Value.Length == 0)
        {
            return null;
        }
        if (bytes.Value.Length < (index + 1) * 2)
        {
            throw new InvalidPixelDataException(keyword, $"expected at least {index + 1} 16-bit values, found {bytes.Value.Length} bytes");
        }
        return BinaryPrimitives.ReadUInt16LittleEndian(bytes.Value.Span[(index * 2)..]);
    }

    /// <summary>The values of a DS or IS element as numbers; empty when absent. A non-number raises.</summary>
    public static double[] Decimals(DicomDataset ds, DicomTag tag, string keyword)
    {
        var bytes = Small(ds, tag, keyword);
        if (bytes is null || bytes.Value.Length == 0)
        {
            return [];
        }
        var text = Encoding.ASCII.GetString(bytes.Value.Span).Trim(' ', '\0');
        if (text.Length == 0)
        {
            return [];
        }
        var parts = text.Split('\\');
        var values = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i].Trim(' ', '\0'), NumberStyles.Float, CultureInfo.InvariantCulture, out values[i])
                || !double.IsFinite(values[i]))
            {
                throw new InvalidPixelDataException(keyword, $"'{parts[i].Trim()}' is not a number");
            }
        }
        return values;
    }

    /// <summary>A code string value, trimmed; null when absent.</summary>
    public static string? CodeString(DicomDataset ds, DicomTag tag, string keyword)
    {
        var bytes = Small(ds, tag, keyword);
        return bytes is null ? null : Encoding.ASCII.GetString(bytes.Value.Span).Trim(' ', '\0');
    }

    /// <summary>The value of a small element (attributes, LUT data), loading it if it was left in the source.</summary>
    public static ReadOnlyMemory<byte>? Small(DicomDataset ds, DicomTag tag, string keyword)
    {
        return ds.Get(tag) switch
        {
            null => null,
            DicomValueElement { Data.IsBulk: true, Length: > 16 * 1024 * 1024 } e =>
                throw new InvalidPixelDataException(keyword, $"a {e.Length}-byte value is far too long"),
            DicomValueElement e => e.GetBytes(),
            _ => throw new InvalidPixelDataException(keyword, "is a sequence or encapsulated, not a value"),
        };
    }
}
