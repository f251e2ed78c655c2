using System.Globalization;
using System.Text;
using FeedWatch.Storage;
using MimeKit;

namespace FeedWatch.Digest;

/// <summary>
/// Delivers a digest as files when no SMTP host is set: <c>digest-000042.eml</c> (the whole message, for any mail
/// client) and <c>digest-000042.html</c> (to open in a browser). The names come from the digest's id, and each
/// file is written to a temporary name and then renamed, so writing the same digest again after a crash replaces
/// the files instead of adding a copy, and no reader ever sees half a file.
/// </summary>
public sealed class PickupFolderWriter
{
    public PickupFolderWriter(string folder)
    {
        Folder = folder;
    }

    public string Folder { get; }

    public static string BaseName(long digestId) => "digest-" + digestId.ToString("D6", CultureInfo.InvariantCulture);

    /// <returns>The path of the .eml file.</returns>
    public async Task<string> WriteAsync(DigestRecord digest, MimeMessage message, string html, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(message);
        Directory.CreateDirectory(Folder);
        var name = BaseName(digest.Id);
        var eml = Path.Combine(Folder, name + ".eml");
        await WriteAtomicallyAsync(eml, async stream => await message.WriteToAsync(stream, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        await WriteAtomicallyAsync(Path.Combine(Folder, name + ".html"),
            async stream => await stream.WriteAsync(Encoding.UTF8.GetBytes(html), cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        return eml;
    }

    private static async Task WriteAtomicallyAsync(string path, Func<Stream, Task> write)
    {
        var temp = path + ".tmp";
        var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None);
        await using (stream.ConfigureAwait(false))
        {
            await write(stream).ConfigureAwait(false);
            await stream.FlushAsync().ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }
}
