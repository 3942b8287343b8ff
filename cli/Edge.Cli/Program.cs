// edgectl's commands are built on Transport/ControlChannel; this entry point only names the tool until they are.
Console.Error.WriteLine("edgectl: no commands are available in this build.");
return 64;
