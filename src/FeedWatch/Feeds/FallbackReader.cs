using System.Xml;
using System.Xml.Linq;

namespace FeedWatch.Feeds;

/// <summary>
/// A plain reader for the sparse documents FeedReader cannot read (an <c>&lt;rss&gt;</c> without a channel, an
/// RSS version it does not know, an entry without a link): every item or entry by local name, whatever the
/// namespaces, with the same fields the main path reads.
/// </summary>
internal static class FallbackReader
{
    public sealed record Result(string? Title, string Format, IReadOnlyList<ParsedItem> Items);

    public static Result? Read(string xml)
    {
        XDocument doc;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null };
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            doc = XDocument.Load(reader);
        }
        catch (XmlException)
        {
            return null;
        }
        var root = doc.Root;
        if (root is null) return null;
        var kind = root.Name.LocalName.ToLowerInvariant();
        IEnumerable<XElement> entries;
        XElement? head;
        string format;
        switch (kind)
        {
            case "rss":
                head = Child(root, "channel");
                entries = (head ?? root).Elements().Where(e => e.Name.LocalName == "item");
                format = "Rss";
                break;
            case "rdf":
                head = Child(root, "channel");
                entries = root.Elements().Where(e => e.Name.LocalName == "item");
                format = "Rss_1_0";
                break;
            case "feed":
                head = root;
                entries = root.Elements().Where(e => e.Name.LocalName == "entry");
                format = "Atom";
                break;
            default:
                return null;
        }
        var items = entries.Select(e => FeedParser.ToItem(
            Link(e), Text(e, "guid") ?? Text(e, "id") ?? Attribute(e, "about"), Text(e, "title"),
            Text(e, "description") ?? Text(e, "summary"), Text(e, "encoded") ?? Text(e, "content"),
            FeedParser.ParseDate(Text(e, "pubDate") ?? Text(e, "date") ?? Text(e, "published") ?? Text(e, "issued") ?? Text(e, "updated") ?? Text(e, "modified"))))
            .ToList();
        return new Result(head is null ? null : Text(head, "title"), format, items);
    }

    private static XElement? Child(XElement e, string localName) => e.Elements().FirstOrDefault(c => c.Name.LocalName == localName);

    private static string? Text(XElement e, string localName) => FeedParser.Blank(Child(e, localName)?.Value);

    private static string? Attribute(XElement e, string localName) => FeedParser.Blank(e.Attributes().FirstOrDefault(a => a.Name.LocalName == localName)?.Value);

    /// <summary>RSS: the link's text; Atom: the href of the alternate link (or of a link without rel).</summary>
    private static string? Link(XElement e)
    {
        var links = e.Elements().Where(c => c.Name.LocalName == "link").ToList();
        foreach (var l in links)
        {
            var rel = l.Attribute("rel")?.Value;
            var href = l.Attribute("href")?.Value;
            if (href is not null && (rel is null || rel == "alternate")) return FeedParser.Blank(href);
        }
        return links.Select(l => FeedParser.Blank(l.Value)).FirstOrDefault(v => v is not null);
    }
}
