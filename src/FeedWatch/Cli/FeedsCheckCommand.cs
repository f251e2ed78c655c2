using System.Globalization;
using System.Text.RegularExpressions;
using FeedWatch.Feeds;

namespace FeedWatch.Cli;

/// <summary>
/// <c>feeds-check DIR [--list]</c>: parses every file under DIR with the worker's own parser (bytes in, as the
/// fetcher hands them over) and prints how many parsed, how many failed and why, and which repairs were needed.
/// <c>--list</c> names every failed file with its error. Exit code 0 when every file parsed, 1 otherwise.
/// </summary>
internal static partial class FeedsCheckCommand
{
    public const string Usage = "feeds-check DIR [--list]       parse every file under DIR; print how many parsed, failed and why";

    private const long MaxBytes = 64L * 1024 * 1024;

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        string? dir = null;
        var list = false;
        foreach (var a in args)
        {
            if (a == "--list") list = true;
            else if (!a.StartsWith("--", StringComparison.Ordinal) && dir is null) dir = a;
            else
            {
                stderr.WriteLine($"feeds-check: unexpected argument {a}. Usage: feedwatch {Usage}");
                return 2;
            }
        }
        if (dir is null || !Directory.Exists(dir))
        {
            stderr.WriteLine(dir is null ? $"feeds-check: no folder given. Usage: feedwatch {Usage}" : $"feeds-check: {dir}: no such folder.");
            return 2;
        }

        var files = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        int parsed = 0, repaired = 0, items = 0;
        var reasons = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        var repairKinds = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var formats = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(dir, file);
            try
            {
                var info = new FileInfo(file);
                if (info.Length > MaxBytes) throw new FeedParseException("too large", $"{info.Length:N0} bytes, more than feeds-check reads ({MaxBytes:N0})");
                var feed = FeedParser.Parse(File.ReadAllBytes(file));
                parsed++;
                items += feed.Items.Count;
                formats[feed.Format] = formats.GetValueOrDefault(feed.Format) + 1;
                if (feed.Repairs.Count > 0) repaired++;
                foreach (var r in feed.Repairs)
                {
                    var kind = Numbers().Replace(r.Split(':')[0], "N");
                    repairKinds[kind] = repairKinds.GetValueOrDefault(kind) + 1;
                }
            }
            catch (FeedParseException e)
            {
                Add(reasons, e.Reason, $"{relative}: {e.Message}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Add(reasons, "cannot read the file", $"{relative}: {e.Message}");
            }
        }

        var failed = files.Count - parsed;
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"feeds-check {dir}: {files.Count} files: {parsed} parsed ({repaired} needed repairs; {items} items), {failed} failed"));
        if (formats.Count > 0) stdout.WriteLine("parsed, by format: " + string.Join(", ", formats.Select(f => $"{f.Key} {f.Value}")));
        if (repairKinds.Count > 0)
        {
            stdout.WriteLine("repairs made:");
            foreach (var (kind, count) in repairKinds.OrderByDescending(k => k.Value)) stdout.WriteLine($"  {count,5}  {kind}");
        }
        if (reasons.Count > 0)
        {
            stdout.WriteLine("failed, by reason:");
            foreach (var (reason, which) in reasons.OrderByDescending(r => r.Value.Count))
            {
                stdout.WriteLine($"  {which.Count,5}  {reason}   e.g. {which[0]}");
                if (list)
                {
                    foreach (var w in which) stdout.WriteLine($"           {w}");
                }
            }
        }
        return failed == 0 ? 0 : 1;
    }

    private static void Add(SortedDictionary<string, List<string>> reasons, string reason, string what)
    {
        if (!reasons.TryGetValue(reason, out var list)) reasons[reason] = list = [];
        list.Add(what);
    }

    [GeneratedRegex("[0-9][0-9,]*")]
    private static partial Regex Numbers();
}
