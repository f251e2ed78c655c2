using FeedWatch.Cli;

namespace FeedWatch;

/// <summary>The command line: the worker's commands and the analyser's tools.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        // No command, or only options: the worker (`run` is the default, as a container starts it).
        var command = args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal) && args[0] is not ("--help" or "-h") ? "run" : args[0];
        var rest = args.Length > 0 && command == args[0] ? args.Skip(1).ToArray() : args;
        switch (command)
        {
            case "run":
                return RunCommand.Run(rest, Console.Error);
            case "once":
                return OnceCommand.Run(rest, Console.Out, Console.Error);
            case "preview":
                return PreviewCommand.Run(rest, Console.Out, Console.Error);
            case "reanalyze":
                return ReanalyzeCommand.Run(rest, Console.Out, Console.Error);
            case "health":
                return HealthCommand.Run(rest, Console.Out, Console.Error);
            case "check-config":
                return CheckConfigCommand.Run(rest, Console.Out, Console.Error);
            case "feeds-check":
                return FeedsCheckCommand.Run(rest, Console.Out, Console.Error);
            case "scan":
                return ScanCommand.Run(rest, Console.Out, Console.Error);
            case "eval":
                return EvalCommand.Run(rest, Console.Out, Console.Error);
            case "extract":
                return ExtractCommand.Run(rest, Console.Out, Console.Error);
            case "extract-eval":
                return ExtractEvalCommand.Run(rest, Console.Out, Console.Error);
            case "help" or "--help" or "-h":
                PrintUsage(Console.Out);
                return 0;
            default:
                Console.Error.WriteLine($"feedwatch: unknown command '{command}'.");
                PrintUsage(Console.Error);
                return 2;
        }
    }

    private static void PrintUsage(TextWriter w)
    {
        w.WriteLine("usage: feedwatch <command> [options]");
        w.WriteLine($"  {RunCommand.Usage}");
        w.WriteLine($"  {OnceCommand.Usage}");
        w.WriteLine($"  {PreviewCommand.Usage}");
        w.WriteLine($"  {ReanalyzeCommand.Usage}");
        w.WriteLine($"  {HealthCommand.Usage}");
        w.WriteLine($"  {CheckConfigCommand.Usage}");
        w.WriteLine($"  {FeedsCheckCommand.Usage}");
        w.WriteLine($"  {ScanCommand.Usage}");
        w.WriteLine($"  {EvalCommand.Usage}");
        w.WriteLine($"  {ExtractCommand.Usage}");
        w.WriteLine($"  {ExtractEvalCommand.Usage}");
    }
}
