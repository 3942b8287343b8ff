namespace Edge.Control.Wire;

/// <summary>Names and values of the gRPC-over-HTTP/2 headers and trailers both sides use.</summary>
public static class GrpcHeaders
{
    public const string ContentType = "application/grpc";
    public const string Status = "grpc-status";
    public const string Message = "grpc-message";
    public const string Timeout = "grpc-timeout";
    public const string Encoding = "grpc-encoding";
    public const string AcceptEncoding = "grpc-accept-encoding";

    /// <summary>The only message encoding we speak: no compression.</summary>
    public const string IdentityEncoding = "identity";

    /// <summary>
    /// True for "application/grpc" and its "+proto" or parameterised forms; gRPC peers may send any of them.
    /// </summary>
    public static bool IsGrpcContentType(string? contentType) =>
        contentType is not null
        && contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase)
        && (contentType.Length == ContentType.Length || contentType[ContentType.Length] is '+' or ';');
}
