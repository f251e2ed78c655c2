using System.Globalization;
using System.Text;

namespace FeedWatch.Digest;

/// <summary>
/// Delivers a digest message as files when no SMTP host is set: <c>digest-000042.eml</c> (the whole message, for any
/// mail client) and <c>digest-000042.html</c> (to open in a browser). The names come from the message's id in the
/// outbox, and each file is written to a temporary name and then renamed, so writing the same message again after a
/// crash replaces the files instead of adding a copy, and no reader ever sees half a file.
/// </summary>
public sealed class PickupFolderWriter
{
    public PickupFolderWriter(string folder)
    {
        Folder = folder;
    }

    public string Folder { get; }

    public static string BaseName(long messageId) => "digest-" + messageId.ToString("D6", CultureInfo.InvariantCulture);

    /// <returns>The path of the .eml file.</returns>
    public async Task<string> WriteAsync(long messageId, byte[] mime, string html, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mime);
        Directory.CreateDirectory(Folder);
        var name = BaseName(messageId);
        var eml = Path.Combine(Folder, name + ".eml");
        await WriteAtomicallyAsync(eml, mime, cancellationToken).ConfigureAwait(false);
        await WriteAtomicallyAsync(Path.Combine(Folder, name + ".html"), Encoding.UTF8.GetBytes(html), cancellationToken).ConfigureAwait(false);
        return eml;
    }

    private static async Task WriteAtomicallyAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        var temp = path + ".tmp";
        var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }
}
