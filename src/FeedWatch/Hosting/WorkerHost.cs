using System.Net;
using FeedWatch.Configuration;
using FeedWatch.Digest;
using FeedWatch.Feeds;
using FeedWatch.Jobs;
using FeedWatch.Storage;
using FeedWatch.Stories;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Quartz;

namespace FeedWatch.Hosting;

/// <summary>Builds the generic host the worker commands run in: the same services for <c>run</c> and <c>once</c>; only <c>run</c> adds the scheduler.</summary>
public static class WorkerHost
{
    public static IHost Build(IConfigurationRoot configuration, FeedWatchSettings settings, bool withScheduler, Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(settings);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = settings.AppFolder,
            EnvironmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Production,
        });
        builder.Configuration.AddConfiguration(configuration);
        builder.Logging.AddConfiguration(configuration.GetSection("Logging"));
        // Every fetch would log two lines at Information; a thousand feeds make that noise, not news.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Extensions.Http", LogLevel.Warning);
        if (logging is null)
        {
            // One line per event by default; Logging:Console:FormatterName "json" (the container's default) gives
            // structured lines with every message template value as a field, for log collectors.
            builder.Logging.AddConsole();
            builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss'Z' "; o.UseUtcTimestamp = true; });
            builder.Logging.AddJsonConsole(o => { o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'"; o.UseUtcTimestamp = true; });
        }
        else logging(builder.Logging);

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<FeedWatchMetrics>();
        var telemetry = settings.Options.Telemetry;
        var otlp = telemetry.OtlpEndpoint ?? Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT");
        if (!string.IsNullOrWhiteSpace(otlp))
        {
            services.AddOpenTelemetry()
                .ConfigureResource(r => r.AddService("feedwatch", serviceInstanceId: Environment.MachineName))
                .WithMetrics(m => m
                    .AddMeter(FeedWatchMetrics.MeterName)
                    .AddOtlpExporter(o =>
                    {
                        o.Endpoint = new Uri(otlp);
                        o.Protocol = telemetry.OtlpProtocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
                        // The HTTP exporter posts to the endpoint as given: add the metrics path the collector listens on.
                        if (o.Protocol == OtlpExportProtocol.HttpProtobuf && !otlp.Contains("/v1/metrics", StringComparison.Ordinal)) o.Endpoint = new Uri(new Uri(otlp.TrimEnd('/') + "/"), "v1/metrics");
                    }));
        }
        services.AddSingleton(settings);
        services.AddSingleton<IOptionsFactory<FeedWatchOptions>>(new BoundOptionsFactory(configuration));
        services.AddSingleton<IOptionsChangeTokenSource<FeedWatchOptions>>(new ConfigurationChangeTokenSource<FeedWatchOptions>(configuration));
        services.AddOptions();
        // One store behind its interfaces, by Storage:Provider; built by the container, so the container disposes it (and its connections).
        if (settings.Options.Storage.Provider == StorageProvider.PostgreSql) AddStore(services, _ => PostgresFeedStore.Create(settings.Options.Storage));
        else AddStore(services, _ => new SqliteFeedStore(settings.DatabasePath));

        var polling = settings.Options.Polling;
        services.AddHttpClient(FeedFetcher.HttpClientName)
            .RemoveAllLoggers() // the fetcher records every outcome in the feed's state; per-request log scopes cost more than they tell
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan) // the fetcher's own timeout covers the body too
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false, // followed by hand: limited, http(s) only, permanent ones remembered
                AutomaticDecompression = DecompressionMethods.All,
                ConnectTimeout = polling.Timeout,
                MaxConnectionsPerServer = polling.PerHostConcurrency,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                UseCookies = false,
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        services.AddSingleton<FeedFetcher>();
        services.AddSingleton<Articles.ArticleFetcher>();
        services.AddSingleton<FeedRefresher>();
        services.AddSingleton<StoryTracker>();
        services.AddSingleton<DigestBuilder>();
        services.AddSingleton<OutboxSender>();
        services.AddSingleton<DigestService>();
        services.AddSingleton<Reanalyzer>();
        services.AddSingleton<FeedRegistry>();

        if (withScheduler)
        {
            // Registered before Quartz's hosted service: the store is migrated and the jobs are in place before any fires.
            services.AddSingleton<FeedScheduler>();
            services.AddHostedService(sp => sp.GetRequiredService<FeedScheduler>());
            services.AddQuartz(q =>
            {
                if (settings.Options.Storage.Provider == StorageProvider.PostgreSql)
                {
                    // Several instances on one database: Quartz's clustered job store in the same database (its tables
                    // made at the first start), the same scheduler name for all, an instance id each (derived by Quartz).
                    // A feed job runs on one instance at a time; a silent instance's jobs go to the others after
                    // Cluster:CheckinMisfireThreshold, and a poll it left half done runs again (RequestRecovery).
                    var cluster = settings.Options.Cluster;
                    q.UsePersistentStore(store =>
                    {
                        store.UsePostgres(ClusterConnectionString(settings));
                        store.UseSystemTextJsonSerializer();
                        store.ProvisionSchema();
                        store.UseClustering(c =>
                        {
                            c.CheckinInterval = cluster.CheckinInterval;
                            c.CheckinMisfireThreshold = cluster.CheckinMisfireThreshold;
                        });
                    });
                }
                else q.UseInMemoryStore();
                q.UseDefaultThreadPool(tp => tp.MaxConcurrency = polling.MaxConcurrentFeeds + 2); // + the digest job and the outbox job
            });
            services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
            // Shutdown waits for polls in flight; one poll is bounded by the fetch timeout.
            services.Configure<HostOptions>(o => o.ShutdownTimeout = polling.Timeout + TimeSpan.FromSeconds(15));
        }
        return builder.Build();
    }

    private static void AddStore<T>(IServiceCollection services, Func<IServiceProvider, T> create)
        where T : class, IFeedStore, IStoryStore, IOperationsStore
    {
        services.AddSingleton(create);
        services.AddSingleton<IFeedStore>(sp => sp.GetRequiredService<T>());
        services.AddSingleton<IStoryStore>(sp => sp.GetRequiredService<T>());
        services.AddSingleton<IOperationsStore>(sp => sp.GetRequiredService<T>());
    }

    /// <summary>The PostgreSQL connection string Quartz shares with the store (the password from Storage:PasswordFile included).</summary>
    internal static string ClusterConnectionString(FeedWatchSettings settings) => PostgresFeedStore.ConnectionStringOf(settings.Options.Storage);

    /// <summary>Options built by <see cref="ConfigurationLoader.Bind"/>, afresh after each configuration change.</summary>
    private sealed class BoundOptionsFactory(IConfigurationRoot configuration) : IOptionsFactory<FeedWatchOptions>
    {
        public FeedWatchOptions Create(string name) => ConfigurationLoader.Bind(configuration);
    }
}
