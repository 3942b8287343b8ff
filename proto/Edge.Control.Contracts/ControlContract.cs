using System.Collections.Frozen;
using Google.Protobuf.Reflection;

namespace Edge.Control.V1;

/// <summary>
/// The control plane's contract as data, read from the generated descriptors: its files, its methods by gRPC path
/// ("/edge.control.v1.System/Health") and who may call each. The daemon registers handlers against it and edgectl checks
/// its calls against it, so neither can name a method the contract does not have.
/// </summary>
public static class ControlContract
{
    /// <summary>Every .proto file of edge.control.v1, in dependency order.</summary>
    public static IReadOnlyList<FileDescriptor> Files { get; } =
    [
        AccessReflection.Descriptor,
        SystemReflection.Descriptor,
        WorkspacesReflection.Descriptor,
        IngestReflection.Descriptor,
        QuarantineReflection.Descriptor,
        LedgerReflection.Descriptor,
        PullReflection.Descriptor,
    ];

    /// <summary>Every method of every service, in declaration order.</summary>
    public static IReadOnlyList<MethodDescriptor> Methods { get; } =
        Files.SelectMany(f => f.Services).SelectMany(s => s.Methods).ToList();

    private static readonly FrozenDictionary<string, MethodDescriptor> ByPath =
        Methods.ToFrozenDictionary(PathOf, StringComparer.Ordinal);

    /// <summary>The HTTP/2 :path of a method: "/package.Service/Method".</summary>
    public static string PathOf(MethodDescriptor method) => $"/{method.Service.FullName}/{method.Name}";

    /// <summary>The method at a gRPC path, or null when the contract has none.</summary>
    public static MethodDescriptor? FindMethod(string path) => ByPath.GetValueOrDefault(path);

    /// <summary>The method's <c>(edge.control.v1.access)</c> option, or null when it declares none (admin only).</summary>
    public static AccessRule? AccessOf(MethodDescriptor method) => method.GetOptions()?.GetExtension(AccessExtensions.Access);
}
