using Edge.Cli.Transport;
using Edge.Control.Wire;

namespace Edge.Cli.Shell;

/// <summary>edgectl's exit codes, documented in the README (section edgectl); scripts may rely on them.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The daemon refused or failed the request (invalid argument, failed precondition, internal error...).</summary>
    public const int Failed = 1;

    /// <summary>The command line is wrong: unknown command or option, missing or malformed value.</summary>
    public const int Usage = 2;

    /// <summary>The control socket cannot be reached (missing, refused, not permitted) or the daemon is stopping.</summary>
    public const int Unavailable = 3;

    /// <summary>The caller's uid and groups hold no role that may call the method.</summary>
    public const int PermissionDenied = 4;

    /// <summary>What was named does not exist (workspace, quarantined item), or a lookup found nothing.</summary>
    public const int NotFound = 5;

    /// <summary>The call succeeded and the answer is bad news: the audit chain is broken, the daemon is not serving.</summary>
    public const int CheckFailed = 6;

    /// <summary>Interrupted (Ctrl-C, SIGTERM) before the answer came.</summary>
    public const int Interrupted = 130;

    public static int For(RpcException exception) => exception.StatusCode switch
    {
        StatusCode.PermissionDenied or StatusCode.Unauthenticated => PermissionDenied,
        StatusCode.Unavailable => Unavailable,
        StatusCode.NotFound => NotFound,
        _ => Failed,
    };
}
