using System.Globalization;
using System.Xml;
using CodeHollow.FeedReader;

namespace FeedWatch.Feeds;

/// <summary>One entry of a feed, as plain text.</summary>
/// <param name="EntryId">The entry's own id (RSS guid, Atom id, RDF about), when it has one distinct from its link.</param>
/// <param name="Text">Description or content (the longer), as plain text with one paragraph a line.</param>
public sealed record ParsedItem(string? EntryId, string? Link, string Title, string Text, DateTimeOffset? PublishedUtc);

/// <summary>A feed document read: its title, its entries in document order, and what had to be mended.</summary>
public sealed record ParsedFeed(string? Title, string Format, IReadOnlyList<ParsedItem> Items, string Encoding, IReadOnlyList<string> Repairs)
{
    /// <summary>One line for the feed's recorded state, or null when the document needed nothing.</summary>
    public string? Warning => Repairs.Count == 0 ? null : string.Join("; ", Repairs);
}

/// <summary>A document that is not a feed, or too broken to recover anything from; the message says which and why.</summary>
public sealed class FeedParseException : Exception
{
    public FeedParseException(string reason, string message, Exception? inner = null) : base(message, inner)
    {
        Reason = reason;
    }

    public FeedParseException() { }

    public FeedParseException(string message) : base(message) { }

    public FeedParseException(string message, Exception inner) : base(message, inner) { }

    /// <summary>The kind of failure in a few words, for counting failures by reason (feeds-check).</summary>
    public string Reason { get; } = "unreadable";
}

/// <summary>
/// Reads a feed from its bytes: decode (<see cref="FeedDecoder"/>), mend (<see cref="XmlRepair"/>), parse with
/// CodeHollow.FeedReader (RSS 0.9x, 1.0, 2.0, Atom, JSON Feed), and for a document broken part way keep the
/// complete entries before the break. Never does I/O: the fetcher hands it the bytes.
/// </summary>
public static class FeedParser
{
    public static ParsedFeed Parse(ReadOnlySpan<byte> bytes, string? httpCharset = null, Uri? feedUrl = null, int maxItems = int.MaxValue)
    {
        if (bytes.IsEmpty) throw new FeedParseException("empty document", "the document is empty (0 bytes); the server sent nothing where a feed should be.");
        var decoded = FeedDecoder.Decode(bytes, httpCharset);
        var repairs = new List<string>();
        if (decoded.Warning is not null) repairs.Add(decoded.Warning);
        var trimmed = decoded.Text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (trimmed.Length == 0) throw new FeedParseException("empty document", "the document is blank: only whitespace where a feed should be.");

        Feed feed;
        if (trimmed[0] is '{' or '[')
        {
            feed = ReadJson(trimmed);
        }
        else
        {
            var xml = XmlRepair.Clean(decoded.Text, repairs);
            CheckRoot(xml);
            var read = ReadXml(xml, out var error);
            if (read is null && error!.Message.Contains("is an undeclared prefix", StringComparison.Ordinal))
            {
                xml = DeclareMissingPrefixes(xml, repairs);
                read = ReadXml(xml, out error);
            }
            if (read is null)
            {
                var salvaged = XmlRepair.Salvage(xml, out var problem);
                if (salvaged is null)
                {
                    throw new FeedParseException("broken XML, no complete item before the break", $"not well-formed XML ({problem ?? error!.Message}) and no complete item before the break; the feed is broken at its source.", error);
                }
                repairs.Add($"the document breaks at {problem}: kept the items before it, anything from there on could not be read");
                read = ReadXml(salvaged, out var inner)
                    ?? throw new FeedParseException("broken XML, the part before the break unreadable", $"not well-formed XML ({problem}), and the part before the break cannot be read either ({inner!.Message}).", inner);
            }
            if (read.Fallback is not null)
            {
                repairs.Add($"read by FeedWatch's fallback reader (FeedReader: {read.ReaderFailure})");
                return Finish(read.Fallback.Title, read.Fallback.Format, read.Fallback.Items, decoded.Encoding, repairs, maxItems);
            }
            feed = read.Feed!;
        }

        return Finish(feed.Title, feed.Type.ToString(), [.. feed.Items.Select(ToItem)], decoded.Encoding, repairs, maxItems);
    }

    private static ParsedFeed Finish(string? title, string format, IReadOnlyList<ParsedItem> all, string encoding, List<string> repairs, int maxItems)
    {
        var items = all;
        if (all.Count > maxItems)
        {
            repairs.Add($"the feed lists {all.Count} items; read the first {maxItems} (FeedWatch:Polling:MaxItemsPerFeed)");
            items = [.. all.Take(maxItems)];
        }
        return new ParsedFeed(Blank(HtmlText.ToLine(title)), format, items, encoding, repairs);
    }

    private static Feed ReadJson(string text)
    {
        try
        {
            return FeedReader.ReadFromString(text);
        }
        catch (Exception e) when (IsReaderFailure(e) || e is System.Text.Json.JsonException or XmlException or System.Runtime.Serialization.SerializationException)
        {
            throw new FeedParseException("not a JSON Feed", $"the document looks like JSON but is not a JSON Feed FeedReader can read ({e.Message}).", e);
        }
    }

    /// <summary>
    /// Feeds use itunes:, media: or dc: elements without declaring the prefix, which XML refuses outright. Each
    /// undeclared prefix gets a placeholder declaration on the root element (the elements keep their names; only
    /// the namespace URI is made up), at most a few times over.
    /// </summary>
    private static string DeclareMissingPrefixes(string xml, List<string> repairs)
    {
        var declared = new List<string>();
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var prefix = UndeclaredPrefix(xml);
            if (prefix is null) break;
            var root = RootTagEnd(xml);
            if (root < 0 || declared.Contains(prefix)) break;
            xml = string.Concat(xml.AsSpan(0, root), $" xmlns:{prefix}=\"urn:feedwatch:undeclared:{prefix}\"", xml.AsSpan(root));
            declared.Add(prefix);
        }
        if (declared.Count > 0) repairs.Add($"declared the namespace prefixes the feed uses without declaring: {string.Join(", ", declared)}");
        return xml;
    }

    private static string? UndeclaredPrefix(string xml)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, CheckCharacters = false };
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            while (reader.Read())
            {
            }
            return null;
        }
        catch (XmlException e)
        {
            var m = System.Text.RegularExpressions.Regex.Match(e.Message, "^'([A-Za-z_][A-Za-z0-9_.-]*)' is an undeclared prefix");
            return m.Success ? m.Groups[1].Value : null;
        }
    }

    /// <summary>The offset of the '>' or '/>' that ends the root element's start tag (where attributes may be added), or -1.</summary>
    private static int RootTagEnd(string xml)
    {
        for (var i = xml.IndexOf('<', StringComparison.Ordinal); i >= 0 && i + 1 < xml.Length; i = xml.IndexOf('<', i + 1))
        {
            if (!char.IsLetter(xml[i + 1])) continue;
            var end = xml.IndexOf('>', i);
            if (end < 0) return -1;
            return xml[end - 1] == '/' ? end - 1 : end;
        }
        return -1;
    }

    private sealed record XmlRead(Feed? Feed, FallbackReader.Result? Fallback, string? ReaderFailure);

    /// <summary>
    /// FeedReader over the text; when FeedReader stumbles over a sparse document (an &lt;rss&gt; without a channel,
    /// an entry without a link) the fallback reader reads it by hand. Null, with the error, when it is not
    /// well-formed XML.
    /// </summary>
    private static XmlRead? ReadXml(string xml, out XmlException? error)
    {
        error = null;
        try
        {
            return new XmlRead(FeedReader.ReadFromString(xml), null, null);
        }
        catch (XmlException e)
        {
            error = e;
            return null;
        }
        catch (Exception e) when (IsReaderFailure(e))
        {
            var fallback = FallbackReader.Read(xml) ?? throw new FeedParseException("FeedReader cannot read it", $"the XML is not a feed FeedReader can read ({e.GetType().Name}: {e.Message}).", e);
            return new XmlRead(null, fallback, e.GetType().Name);
        }
    }

    /// <summary>FeedReader reports what it cannot read with whatever its code hits; none of it is our bug.</summary>
    private static bool IsReaderFailure(Exception e) =>
        e is CodeHollow.FeedReader.Parser.FeedTypeNotSupportedException or NullReferenceException or InvalidOperationException
            or FormatException or ArgumentException or IndexOutOfRangeException or InvalidCastException or OverflowException;

    /// <summary>Refuses a document whose root is not a feed's (an HTML page, an error document) with a message that says so.</summary>
    private static void CheckRoot(string xml)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, CheckCharacters = false };
        string root;
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            reader.MoveToContent();
            root = reader.LocalName;
        }
        catch (XmlException e)
        {
            throw new FeedParseException("not XML", $"not XML at all ({e.Message}); the address may not point at a feed.", e);
        }
        if (root.Equals("rss", StringComparison.OrdinalIgnoreCase) || root.Equals("RDF", StringComparison.OrdinalIgnoreCase) || root.Equals("feed", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }
        var hint = root.Equals("html", StringComparison.OrdinalIgnoreCase)
            ? "it is a web page; find the feed's own address (a <link rel=\"alternate\"> in the page)"
            : "a feed's root is <rss>, <rdf:RDF> or <feed>";
        throw new FeedParseException($"not a feed (root <{root}>)", $"not a feed: the document's root element is <{root}>; {hint}.");
    }

    private static ParsedItem ToItem(FeedItem entry) => ToItem(entry.Link, entry.Id, entry.Title, entry.Description, entry.Content, Published(entry));

    internal static ParsedItem ToItem(string? rawLink, string? rawId, string? rawTitle, string? rawDescription, string? rawContent, DateTimeOffset? published)
    {
        var link = Blank(rawLink);
        var id = Blank(rawId);
        // RSS 0.91 and RDF have no guid: FeedReader fills Id with the link. That is a link, not a guid.
        if (id is not null && link is not null && string.Equals(id, link, StringComparison.Ordinal)) id = null;
        var description = HtmlText.ToPlainText(rawDescription);
        var content = HtmlText.ToPlainText(rawContent);
        var text = content.Length > description.Length ? content : description;
        var title = HtmlText.ToLine(rawTitle);
        return new ParsedItem(id, link, title, text, published);
    }

    private static DateTimeOffset? Published(FeedItem entry)
    {
        if (entry.PublishingDate is { } d)
        {
            return new DateTimeOffset(d.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : d.ToUniversalTime(), TimeSpan.Zero);
        }
        return ParseDate(entry.PublishingDateString);
    }

    /// <summary>RFC 822 ("Mon, 10 Nov 2014 09:00:00 EST", zone names included) and ISO 8601 dates, as UTC.</summary>
    internal static DateTimeOffset? ParseDate(string? s)
    {
        if (string.IsNullOrWhiteSpace(s)) return null;
        // Dates FeedReader gives up on: "Mon, 10 Nov 2014 09:00:00 EST" and friends, with a zone name .NET does not read.
        s = s.Trim();
        foreach (var (zone, offset) in ZoneNames)
        {
            if (s.EndsWith(" " + zone, StringComparison.OrdinalIgnoreCase))
            {
                s = string.Concat(s.AsSpan(0, s.Length - zone.Length), offset);
                break;
            }
        }
        return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed)
            ? parsed.ToUniversalTime()
            : null;
    }

    private static readonly (string Zone, string Offset)[] ZoneNames =
    [
        ("UT", "+00:00"), ("GMT", "+00:00"), ("Z", "+00:00"), ("EST", "-05:00"), ("EDT", "-04:00"), ("CST", "-06:00"),
        ("CDT", "-05:00"), ("MST", "-07:00"), ("MDT", "-06:00"), ("PST", "-08:00"), ("PDT", "-07:00"), ("MSK", "+03:00"),
    ];

    internal static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
