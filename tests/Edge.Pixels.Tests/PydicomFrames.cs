using Edge.Testing;

namespace Edge.Pixels.Tests;

/// <summary>
/// Native frames as pydicom (an independent reader) sees them: pixel_array per frame, written little endian, 1-bit
/// frames re-packed least significant bit first, planar frames as planes, YBR_FULL_422 expanded to three samples
/// per pixel.
/// </summary>
internal static class PydicomFrames
{
    private const string Script = """
        import sys, numpy as np, pydicom
        ds = pydicom.dcmread(sys.argv[1], force=True)
        if "TransferSyntaxUID" not in ds.file_meta:
            ds.file_meta.TransferSyntaxUID = pydicom.uid.ImplicitVRLittleEndian if ds.is_implicit_VR else pydicom.uid.ExplicitVRLittleEndian
        arr = ds.pixel_array
        frames = int(ds.get("NumberOfFrames", 1) or 1)
        if frames == 1:
            arr = arr[None, ...]
        spp = int(ds.get("SamplesPerPixel", 1))
        for i, f in enumerate(arr):
            if int(ds.BitsAllocated) == 1:
                data = np.packbits(f.astype(np.uint8).ravel(), bitorder="little").tobytes()
            else:
                if spp > 1 and int(ds.get("PlanarConfiguration", 0)) == 1:
                    f = np.moveaxis(f, -1, 0)
                data = f.astype(f.dtype.newbyteorder("<")).tobytes()
            open(f"{sys.argv[2]}/{i}.raw", "wb").write(data)
        """;

    public static IReadOnlyList<byte[]> Read(string path)
    {
        ExternalTool.Require("/usr/bin/python3");
        using var temp = new TempDirectory("edge-pydicom");
        var result = ExternalTool.Run("/usr/bin/python3", ["-c", Script, path, temp.Path]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException("pydicom failed: " + result.Output);
        }
        return [.. Directory.GetFiles(temp.Path, "*.raw")
            .OrderBy(f => int.Parse(Path.GetFileNameWithoutExtension(f), System.Globalization.CultureInfo.InvariantCulture))
            .Select(File.ReadAllBytes)];
    }
}
