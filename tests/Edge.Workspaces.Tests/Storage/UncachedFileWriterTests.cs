using Edge.Platform;

namespace Edge.Workspaces.Tests.Storage;

/// <summary>The staging files' writer: exact bytes and length whatever the sizes and flushes, around the page cache on disk file systems.</summary>
public sealed class UncachedFileWriterTests : IDisposable
{
    private const int Buffer = UncachedFileWriter.BufferSize;

    private readonly string _directory = Directory.CreateTempSubdirectory("edge-uncached-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    public static TheoryData<int, int> Sizes() => new()
    {
        { 0, 1 }, { 1, 1 }, { 4095, 4095 }, { 4096, 4096 }, { 4097, 1000 }, { Buffer - 1, Buffer }, { Buffer, Buffer },
        { Buffer + 1, 7 * 1024 }, { 3 * Buffer + 12345, 3 * Buffer + 12345 }, { 3 * Buffer + 12345, 65536 + 3 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Given_writes_in_chunks_When_flushed_to_disk_Then_the_file_holds_exactly_those_bytes(int size, int chunk)
    {
        var path = Path.Combine(_directory, "f");
        var content = Content(size);

        using (var writer = UncachedFileWriter.CreateNew(path, UnixFileMode.UserRead | UnixFileMode.UserWrite))
        {
            for (var at = 0; at < size; at += chunk)
            {
                writer.Write(content.AsSpan(at, Math.Min(chunk, size - at)));
            }
            writer.Length.Should().Be(size);
            writer.Flush(flushToDisk: true);
        }

        File.ReadAllBytes(path).Should().Equal(content);
    }

    [Fact]
    public void Given_a_flush_inside_a_block_When_writing_goes_on_Then_each_flush_shows_what_was_written_so_far()
    {
        var path = Path.Combine(_directory, "f");
        var content = Content(2 * Buffer + 3);
        using var writer = UncachedFileWriter.CreateNew(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        writer.Write(content.AsSpan(0, 5000));
        writer.Flush();
        ReadShared(path).Should().Equal(content[..5000]);

        writer.Write(content.AsSpan(5000, Buffer));
        writer.Flush();
        ReadShared(path).Should().Equal(content[..(Buffer + 5000)]);

        writer.Write(content.AsSpan(Buffer + 5000));
        writer.Flush(flushToDisk: true);
        ReadShared(path).Should().Equal(content);
    }

    [Fact]
    public void Given_an_existing_file_When_created_again_Then_IOException_names_it_and_the_file_is_untouched()
    {
        var path = Path.Combine(_directory, "f");
        File.WriteAllBytes(path, [1, 2, 3]);

        var act = () => UncachedFileWriter.CreateNew(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        act.Should().Throw<IOException>().WithMessage($"open {path}: *");
        File.ReadAllBytes(path).Should().Equal(1, 2, 3);
    }

    [Fact]
    public void Given_a_new_file_When_created_Then_it_has_the_mode_asked_for()
    {
        var path = Path.Combine(_directory, "f");

        using (UncachedFileWriter.CreateNew(path, UnixFileMode.UserRead | UnixFileMode.UserWrite))
        {
        }

        File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public void Given_writes_never_flushed_When_disposed_Then_the_file_is_left_empty()
    {
        var path = Path.Combine(_directory, "f");

        using (var writer = UncachedFileWriter.CreateNew(path, UnixFileMode.UserRead | UnixFileMode.UserWrite))
        {
            writer.Write(Content(100));
        }

        new FileInfo(path).Length.Should().Be(0);
    }

    [SkippableFact]
    public void Given_a_disk_file_system_When_a_file_is_created_Then_its_writes_go_around_the_page_cache()
    {
        var format = new DriveInfo(_directory).DriveFormat;
        Skip.IfNot(format is "ext4" or "xfs" or "btrfs", $"the temporary directory is on {format}, which may refuse O_DIRECT");

        using var writer = UncachedFileWriter.CreateNew(Path.Combine(_directory, "f"), UnixFileMode.UserRead | UnixFileMode.UserWrite);

        writer.IsDirect.Should().BeTrue();
    }

    [SkippableFact]
    public void Given_tmpfs_When_writing_Then_the_bytes_arrive_whether_or_not_it_takes_O_DIRECT()
    {
        Skip.IfNot(Directory.Exists("/dev/shm"), "no /dev/shm here");
        var path = Path.Combine("/dev/shm", $"edge-uncached-{Guid.NewGuid():N}");
        var content = Content(Buffer + 4321);
        try
        {
            using (var writer = UncachedFileWriter.CreateNew(path, UnixFileMode.UserRead | UnixFileMode.UserWrite))
            {
                writer.Write(content);
                writer.Flush(flushToDisk: true);
            }

            File.ReadAllBytes(path).Should().Equal(content);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static byte[] Content(int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        return bytes;
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
