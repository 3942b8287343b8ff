using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Edge.Cli.Shell;

/// <summary>Options whose values are parsed (and refused with a usage error) while the command line is read.</summary>
public static class OptionKinds
{
    /// <summary>A value parsed from text; the parser returns null and a problem in words when the text is wrong.</summary>
    public delegate T? Parser<T>(string text, out string? problem);

    /// <summary>A repeatable option (<c>--caller A --caller B</c>), each value parsed.</summary>
    public static Option<List<T>> Repeated<T>(string name, string helpName, string description, Parser<T> parse) where T : class => new(name)
    {
        Description = description,
        HelpName = helpName,
        Arity = ArgumentArity.ZeroOrMore,
        DefaultValueFactory = _ => [],
        CustomParser = result =>
        {
            var values = new List<T>();
            foreach (var token in result.Tokens)
            {
                if (parse(token.Value, out var problem) is { } value)
                {
                    values.Add(value);
                }
                else
                {
                    result.AddError($"{name}: {problem}");
                }
            }
            return values;
        },
    };

    /// <summary>A calendar date, written yyyy-MM-dd.</summary>
    public static Option<DateOnly?> Date(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "YYYY-MM-DD",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }
            result.AddError($"{name}: '{text}' is not a date (yyyy-MM-dd).");
            return null;
        },
    };

    /// <summary>Refuses two options given together.</summary>
    public static void Exclusive(Command command, Option first, Option second) =>
        command.Validators.Add(result =>
        {
            if (Given(result, first) && Given(result, second))
            {
                result.AddError($"{first.Name} and {second.Name} cannot be given together.");
            }
        });

    /// <summary>Whether the option was on the command line (not merely defaulted).</summary>
    public static bool Given(CommandResult result, Option option) => result.GetResult(option) is { Implicit: false };
}
