using System.Collections.Concurrent;
using Edge.Dicom.Data;
using Edge.Dicom.Network;

namespace Edge.Network.Tests.Support;

/// <summary>An instance as the test storage provider kept it: the bare data set as received, and its syntax.</summary>
internal sealed record ReceivedInstance(string SopClassUid, string SopInstanceUid, TransferSyntax TransferSyntax, string Path, string CallingAeTitle);

/// <summary>
/// What the daemon does with incoming C-STOREs, minus de-identification: spool each data set to a file as it
/// arrives, keep it when complete, delete it when the transfer dies. Shared by every association of a test.
/// </summary>
internal sealed class SpoolStore(string directory)
{
    public string Directory { get; } = directory;

    public ConcurrentQueue<ReceivedInstance> Received { get; } = new();

    public ConcurrentQueue<string> Discarded { get; } = new();

    /// <summary>Instances whose C-STORE is answered with a status instead of being kept.</summary>
    public Func<CStoreRequest, DimseResult?> Refuse { get; set; } = _ => null;

    public IEnumerable<string> SpoolFiles => System.IO.Directory.EnumerateFiles(Directory, "*.part");

    public Provider CreateProvider() => new(this);

    public sealed class Provider(SpoolStore store) : ICStoreProvider, ICEchoProvider
    {
        public ValueTask<DimseResult> OnCEchoAsync(CEchoRequest request, CancellationToken cancellationToken) => ValueTask.FromResult(DimseResult.Success);

        public ValueTask<Stream> OpenReceiveStreamAsync(CStoreRequest request, CancellationToken cancellationToken)
        {
            if (store.Refuse(request) is { } refusal)
            {
                throw new DimseStatusException(refusal);
            }
            var path = System.IO.Path.Combine(store.Directory, Guid.NewGuid().ToString("N") + ".part");
            return ValueTask.FromResult<Stream>(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 64 * 1024, FileOptions.Asynchronous));
        }

        public async ValueTask<DimseResult> OnReceivedAsync(CStoreRequest request, Stream received, CancellationToken cancellationToken)
        {
            var spool = ((FileStream)received).Name;
            await received.DisposeAsync();
            var kept = System.IO.Path.ChangeExtension(spool, ".dataset");
            File.Move(spool, kept);
            store.Received.Enqueue(new ReceivedInstance(request.SopClassUid, request.SopInstanceUid, request.TransferSyntax, kept, request.Association.CallingAeTitle));
            return DimseResult.Success;
        }

        public async ValueTask OnReceiveAbortedAsync(CStoreRequest request, Stream partial)
        {
            var spool = ((FileStream)partial).Name;
            await partial.DisposeAsync();
            File.Delete(spool);
            store.Discarded.Enqueue(request.SopInstanceUid);
        }
    }
}
