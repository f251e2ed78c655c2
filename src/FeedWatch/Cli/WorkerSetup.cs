using FeedWatch.Configuration;
using Microsoft.Extensions.Configuration;

namespace FeedWatch.Cli;

/// <summary>Loads and checks the configuration for a worker command; prints what is wrong, key by key, when it cannot.</summary>
internal static class WorkerSetup
{
    /// <summary>The folder of the application (appsettings.json, the demo feed).</summary>
    public static string AppFolder => AppContext.BaseDirectory;

    public static bool TryLoad(string command, WorkerArgs args, bool reloadOnChange, TextWriter stderr, out IConfigurationRoot? configuration, out FeedWatchSettings? settings)
    {
        configuration = null;
        settings = null;
        try
        {
            configuration = ConfigurationLoader.Build(AppFolder, args.ConfigFile, reloadOnChange);
        }
        catch (FileNotFoundException e)
        {
            stderr.WriteLine($"{command}: {e.Message}");
            return false;
        }
        catch (InvalidDataException e)
        {
            // A JSON file with a syntax error: the message names the file and the line.
            stderr.WriteLine($"{command}: {e.Message}{(e.InnerException is { } inner ? " " + inner.Message : "")} Fix the JSON (a missing comma or quote, a trailing comma).");
            return false;
        }
        catch (FormatException e)
        {
            stderr.WriteLine($"{command}: the configuration cannot be read: {e.Message}");
            return false;
        }
        settings = FeedWatchSettings.Resolve(ConfigurationLoader.Bind(configuration), AppFolder, Environment.CurrentDirectory);
        foreach (var warning in settings.Warnings) stderr.WriteLine($"{command}: warning: {warning}");
        if (settings.IsValid) return true;
        stderr.WriteLine($"{command}: the configuration has {settings.Errors.Count} {(settings.Errors.Count == 1 ? "error" : "errors")}:");
        foreach (var error in settings.Errors) stderr.WriteLine($"  {error}");
        return false;
    }
}
