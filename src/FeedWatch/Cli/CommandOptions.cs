namespace FeedWatch.Cli;

/// <summary>Takes a command's own options (<c>--out FILE</c>, <c>--since DATE</c>) out of its arguments, leaving the shared ones (<c>--config</c>).</summary>
internal static class CommandOptions
{
    /// <returns>False when the option is given without a value.</returns>
    public static bool TryTake(List<string> args, string name, TextWriter stderr, string command, out string? value)
    {
        value = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i].StartsWith(name + "=", StringComparison.Ordinal))
            {
                value = args[i][(name.Length + 1)..];
                args.RemoveAt(i);
                return true;
            }
            if (args[i] != name) continue;
            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                stderr.WriteLine($"{command}: {name} needs a value.");
                return false;
            }
            value = args[i + 1];
            args.RemoveRange(i, 2);
            return true;
        }
        return true;
    }
}
