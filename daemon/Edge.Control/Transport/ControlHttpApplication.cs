using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Edge.Control.Transport;

/// <summary>Kestrel's view of the control plane: every request goes to the gRPC dispatcher.</summary>
internal sealed class ControlHttpApplication(GrpcDispatcher dispatcher) : IHttpApplication<HttpContext>
{
    public HttpContext CreateContext(IFeatureCollection contextFeatures) => new DefaultHttpContext(contextFeatures);

    public Task ProcessRequestAsync(HttpContext context) => dispatcher.HandleAsync(context);

    public void DisposeContext(HttpContext context, Exception? exception)
    {
    }
}
