using System.Globalization;

namespace Edge.Control.Wire;

/// <summary>
/// The <c>grpc-timeout</c> header: at most 8 digits and a unit (H, M, S, m, u, n), the time the caller still allows.
/// </summary>
public static class GrpcTimeout
{
    private const long MaxValue = 99_999_999;

    private static readonly (long TicksPerUnit, char Unit)[] Units =
    [
        (TimeSpan.TicksPerMicrosecond, 'u'), (TimeSpan.TicksPerMillisecond, 'm'), (TimeSpan.TicksPerSecond, 'S'),
        (TimeSpan.TicksPerMinute, 'M'), (TimeSpan.TicksPerHour, 'H'),
    ];

    /// <summary>The header value for a remaining time, in the finest unit that fits 8 digits.</summary>
    public static string Format(TimeSpan remaining)
    {
        var ticks = Math.Max(remaining.Ticks, 0);
        foreach (var (perUnit, unit) in Units)
        {
            // Rounded up, so the server never cuts a call shorter than the caller allows.
            var value = ticks / perUnit + (ticks % perUnit == 0 ? 0 : 1);
            if (value <= MaxValue)
            {
                return value.ToString(CultureInfo.InvariantCulture) + unit;
            }
        }
        return MaxValue.ToString(CultureInfo.InvariantCulture) + "H";
    }

    public static bool TryParse(string? value, out TimeSpan timeout)
    {
        timeout = default;
        if (value is null || value.Length < 2 || value.Length > 9)
        {
            return false;
        }
        var digits = value.AsSpan(0, value.Length - 1);
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        var amount = long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        long? ticks = value[^1] switch
        {
            'H' => amount * TimeSpan.TicksPerHour,
            'M' => amount * TimeSpan.TicksPerMinute,
            'S' => amount * TimeSpan.TicksPerSecond,
            'm' => amount * TimeSpan.TicksPerMillisecond,
            'u' => amount * TimeSpan.TicksPerMicrosecond,
            'n' => amount / 100,
            _ => null,
        };
        if (ticks is null)
        {
            return false;
        }
        timeout = TimeSpan.FromTicks(ticks.Value);
        return true;
    }
}
