using System.CommandLine;
using Edge.Daemon.Configuration;
using Edge.Daemon.Hosting;
using Edge.Daemon.Systemd;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Daemon.Commands;

/// <summary>
/// <c>edged run [--config FILE] [--state-dir DIR] [--port N] [--control-socket PATH]</c>: the daemon. Without --config
/// it runs the embedded default. Exit codes: 0 after SIGTERM, 2 on a bad configuration, 1 when it cannot start.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo?>("--config", "-c") { Description = "Configuration file (JSON); default: the embedded configuration" };
        var state = new Option<DirectoryInfo?>("--state-dir") { Description = "State directory (overrides the configuration)" };
        var port = new Option<int?>("--port") { Description = "DICOM port (overrides the configuration; 0 picks a free one)" };
        var socket = new Option<string?>("--control-socket") { Description = "Control socket (default /run/edge/control.sock under systemd, else STATE/control.sock)" };
        var cmd = new Command("run", "Run the gateway: DICOM listener, de-identification, workspaces, control socket") { config, state, port, socket };
        cmd.SetAction(parse => Run(parse.GetValue(config), parse.GetValue(state), parse.GetValue(port), parse.GetValue(socket)));
        return cmd;
    }

    private static int Run(FileInfo? configFile, DirectoryInfo? stateDir, int? port, string? socket)
    {
        EdgeConfiguration configuration;
        string source;
        try
        {
            (configuration, source) = configFile is null
                ? (ConfigurationLoader.Parse(ConfigurationLoader.EmbeddedDefaultText(), "embedded default"), "embedded default")
                : (ConfigurationLoader.LoadFile(configFile.FullName), configFile.FullName);
            if (port is { } p)
            {
                if (p is < 0 or > 65535)
                {
                    throw new ConfigurationException($"--port: {p} is not a TCP port");
                }
                configuration.Dicom.Port = p;
            }
        }
        catch (ConfigurationException ex)
        {
            Console.Error.WriteLine($"edged: configuration: {ex.Message}");
            return EdgedCommandLine.BadInput;
        }

        var state = stateDir?.FullName ?? configuration.StateDirectory ?? StateDirectory.Default;
        var controlSocket = socket ?? configuration.Control.Socket ?? DefaultControlSocket(state);
        var settings = new RunSettings(configuration, source, Path.GetFullPath(state), controlSocket);

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(60));
        builder.Logging.ClearProviders();
        var level = Enum.Parse<LogLevel>(configuration.Logging.Level, ignoreCase: true);
        builder.Logging.SetMinimumLevel(level);
        if (JournaldLoggerProvider.Available())
        {
            builder.Logging.AddProvider(new JournaldLoggerProvider(minimum: level));
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fff ";
                o.UseUtcTimestamp = true;
            });
        }
        builder.Services.AddSingleton(settings);
        builder.Services.AddHostedService<EdgeService>();

        try
        {
            using var host = builder.Build();
            host.Run();
            return EdgedCommandLine.Success;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The reason is in words (a port in use, a ledger key file with the wrong mode, ...); no patient data
            // can be in it: nothing has been received when start-up fails.
            Console.Error.WriteLine($"edged: cannot start: {ex.GetType().Name}: {ex.Message}");
            return EdgedCommandLine.Failure;
        }
    }

    /// <summary>Under systemd, the RuntimeDirectory= ($RUNTIME_DIRECTORY, /run/edge); otherwise beside the state.</summary>
    private static string DefaultControlSocket(string state) =>
        Environment.GetEnvironmentVariable("RUNTIME_DIRECTORY")?.Split(':')[0] is { Length: > 0 } runtime
            ? Path.Combine(runtime, "control.sock")
            : Path.Combine(Path.GetFullPath(state), "control.sock");
}
