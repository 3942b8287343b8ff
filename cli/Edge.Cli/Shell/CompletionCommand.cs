using System.CommandLine;

namespace Edge.Cli.Shell;

/// <summary>
/// <c>edgectl completion bash|zsh</c>: a script that asks edgectl itself for completions through System.CommandLine's
/// [suggest] directive, so they always match this edgectl's commands and options.
/// </summary>
internal static class CompletionCommand
{
    private const string Bash = """
        # edgectl completion for bash: eval "$(edgectl completion bash)", or save it under /etc/bash_completion.d/
        _edgectl_complete()
        {
            local IFS=$'\n'
            COMPREPLY=( $(compgen -W "$("${COMP_WORDS[0]}" "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}") )
        }
        complete -o default -F _edgectl_complete edgectl
        """;

    private const string Zsh = """
        # edgectl completion for zsh: eval "$(edgectl completion zsh)"
        _edgectl_complete()
        {
            local -a completions
            completions=("${(@f)$(edgectl "[suggest:${#BUFFER}]" "${BUFFER}" 2>/dev/null)}")
            compadd -- $completions
        }
        compdef _edgectl_complete edgectl
        """;

    public static Command Create()
    {
        var shell = new Argument<string>("SHELL") { Description = "bash or zsh" }.AcceptOnlyFromAmong("bash", "zsh");
        var command = new Command("completion", "Print a shell completion script (bash or zsh)") { shell };
        command.SetAction(parse =>
        {
            Console.WriteLine(parse.GetValue(shell) == "zsh" ? Zsh : Bash);
            return ExitCodes.Success;
        });
        return command;
    }
}
