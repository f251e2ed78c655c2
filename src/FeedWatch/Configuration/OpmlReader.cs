using System.Xml;

namespace FeedWatch.Configuration;

/// <summary>One feed listed in an OPML file.</summary>
public sealed record OpmlFeed(string Title, string XmlUrl);

/// <summary>
/// Reads the feed list of an OPML file, as rss2email (<c>r2e opmlexport</c>) and newsboat (<c>newsboat -e</c>)
/// write it: every <c>outline</c> with an <c>xmlUrl</c>, at any depth (folders are outlines without one).
/// </summary>
public static class OpmlReader
{
    public static IReadOnlyList<OpmlFeed> Read(string path)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Ignore,
            XmlResolver = null,
            IgnoreComments = true,
            MaxCharactersInDocument = 64L * 1024 * 1024,
        };
        var feeds = new List<OpmlFeed>();
        using var reader = XmlReader.Create(path, settings);
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element || !reader.LocalName.Equals("outline", StringComparison.OrdinalIgnoreCase)) continue;
            var url = reader.GetAttribute("xmlUrl") ?? reader.GetAttribute("xmlurl");
            if (string.IsNullOrWhiteSpace(url)) continue;
            var title = reader.GetAttribute("title") ?? reader.GetAttribute("text");
            feeds.Add(new OpmlFeed(string.IsNullOrWhiteSpace(title) ? url.Trim() : title.Trim(), url.Trim()));
        }
        return feeds;
    }
}
