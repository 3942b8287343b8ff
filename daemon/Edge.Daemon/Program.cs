using Edge.Daemon.Commands;

return EdgedCommandLine.Build().Parse(args).Invoke();
