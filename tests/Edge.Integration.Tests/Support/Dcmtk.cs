using System.Globalization;
using Edge.Testing;

namespace Edge.Integration.Tests.Support;

/// <summary>DCMTK's echoscu with short timeouts, so a broken daemon fails a test instead of hanging it.</summary>
public static class Dcmtk
{
    public static Task<ToolResult> EchoAsync(int port, string calledAe, string callingAe = "ECHOSCU")
    {
        ExternalTool.Require("echoscu");
        return Task.Run(() => ExternalTool.Run("echoscu",
            ["-v", "-to", "5", "-ta", "10", "-td", "10", "-aet", callingAe, "-aec", calledAe, "127.0.0.1", port.ToString(CultureInfo.InvariantCulture)],
            TimeSpan.FromSeconds(60)));
    }
}
