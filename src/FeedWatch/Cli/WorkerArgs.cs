namespace FeedWatch.Cli;

/// <summary>The options the worker commands share: <c>--config FILE</c>.</summary>
internal sealed record WorkerArgs(string? ConfigFile)
{
    public static bool TryParse(string command, IReadOnlyList<string> args, TextWriter stderr, out WorkerArgs parsed)
    {
        string? config = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--config" && i + 1 < args.Count) config = args[++i];
            else if (args[i].StartsWith("--config=", StringComparison.Ordinal)) config = args[i]["--config=".Length..];
            else
            {
                stderr.WriteLine($"{command}: unexpected argument {args[i]}. Usage: feedwatch {command} [--config FILE]");
                parsed = new WorkerArgs((string?)null);
                return false;
            }
        }
        parsed = new WorkerArgs(config);
        return true;
    }
}
