using FeedWatch.Cli;

namespace FeedWatch;

/// <summary>The command line: the worker's commands and the analyser's tools.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var command = args.Length == 0 ? "help" : args[0];
        var rest = args.Skip(1).ToArray();
        switch (command)
        {
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
        w.WriteLine($"  {ScanCommand.Usage}");
        w.WriteLine($"  {EvalCommand.Usage}");
        w.WriteLine($"  {ExtractCommand.Usage}");
        w.WriteLine($"  {ExtractEvalCommand.Usage}");
    }
}
