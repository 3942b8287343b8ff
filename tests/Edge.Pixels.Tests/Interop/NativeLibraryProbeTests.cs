using Edge.Pixels.Interop;

namespace Edge.Pixels.Tests.Interop;

public sealed class NativeLibraryProbeTests
{
    [Fact]
    public void Given_a_library_that_is_not_installed_When_required_Then_the_typed_exception_names_it_and_its_package()
    {
        var require = () => NativeLibraryProbe.Require("libedge-absent.so.9", "libedge-absent9", "edge_absent");

        require.Should().Throw<NativeLibraryUnavailableException>()
            .Where(e => e.Library == "libedge-absent.so.9" && e.Message.Contains("libedge-absent9"));
    }

    [Fact]
    public void Given_an_installed_library_without_a_symbol_When_required_Then_the_missing_export_is_reported()
    {
        var require = () => NativeLibraryProbe.Require("libc.so.6", "libc6", "edge_no_such_function");

        require.Should().Throw<NativeLibraryUnavailableException>()
            .WithInnerException<EntryPointNotFoundException>().WithMessage("*edge_no_such_function*");
    }
}
