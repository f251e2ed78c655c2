using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Environments;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace FeedWatch.Benchmarks;

/// <summary>
/// One core: the benchmark process is pinned to the first CPU (affinity mask 1) and uses the workstation, non-concurrent GC, so no
/// background thread does work on another core. Adds a pages/s column.
/// </summary>
public sealed class OneCoreConfig : ManualConfig
{
    public OneCoreConfig()
    {
        // A fixed number of iterations keeps a run to a few minutes: the slowest candidate takes seconds per pass.
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(15)
            .WithAffinity(1)
            .WithGcServer(false)
            .WithGcConcurrent(false)
            .WithRuntime(CoreRuntime.Core10_0));
        AddColumnProvider(DefaultColumnProviders.Instance);
        AddColumn(new PagesPerSecondColumn());
        AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default);
        AddExporter(BenchmarkDotNet.Exporters.MarkdownExporter.GitHub);
    }
}

/// <summary>Pages per second at the median time of one pass over the page set.</summary>
public sealed class PagesPerSecondColumn : IColumn
{
    public string Id => "PagesPerSecond";
    public string ColumnName => "pages/s (median)";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Pages processed per second, one thread: page count / median time of one pass";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is not { } statistics) return "NA";
        var pages = PageSet.Html.Count;
        return (pages / (statistics.Median / 1e9)).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
