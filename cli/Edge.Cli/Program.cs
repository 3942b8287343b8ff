using Edge.Cli.Shell;

return await EdgectlCommandLine.RunAsync(args).ConfigureAwait(false);
