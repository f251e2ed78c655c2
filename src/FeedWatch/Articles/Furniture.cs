using System.Text.RegularExpressions;

namespace FeedWatch.Articles;

/// <summary>
/// What a news page puts inside the story's own container that is not the story: captions and photo credits,
/// newsletter boxes, donation appeals, interface labels. Readability's scoring keeps these when they sit beside
/// the paragraphs; FeedWatch reads the text for claims and dates, so they go. Two kinds of rule:
/// <list type="bullet">
/// <item>Structural, on the chosen element: figures and captions, and blocks whose class or id names them
/// (newsletter, donate, credit...), unless such a block holds half the text or more (then it is the story,
/// as with a paywalled "subscriber-content" body).</item>
/// <item>Textual, on the paragraphs, for pages that mark nothing: an appeal opens with a salutation ("A Message
/// from ...", "Dear readers", "... we have a small favor to ask") and runs on while its paragraphs talk about
/// support, journalism and readers, or are button labels; newsletter promotions; credit lines; interface labels.</item>
/// </list>
/// </summary>
internal static partial class Furniture
{
    /// <summary>The longest text (in characters) an image block may carry and still be taken as a picture with its caption.</summary>
    private const int CaptionLength = 80;

    /// <summary>The share of a list's text in links above which the list is taken for a list of links to other pages.</summary>
    private const double LinkListDensity = 0.8;

    /// <summary>Removes captions, figures and marked furniture blocks from the story's element.</summary>
    public static void RemoveMarkedBlocks(PageNode content)
    {
        // Measured once: the walk goes down the tree, so a node's stats are read before anything inside it is removed.
        PageNode.MeasureAll(content);
        var total = content.Stats.TextLength;
        var node = content.FirstChild;
        while (node is not null)
        {
            if (node.IsElement && IsMarked(node) && node.Stats.TextLength * 2 < total)
            {
                var next = PageNode.Following(node, content, skipChildren: true);
                node.Remove();
                node = next;
                continue;
            }
            node = PageNode.Following(node, content);
        }
    }

    private static bool IsMarked(PageNode element)
    {
        switch (element.Tag)
        {
            case Tag.Figcaption:
                return true;
            case Tag.Figure:
                // A figure is a picture and its caption, unless it frames text a reader needs (a table, code, a quote).
                return !element.Descendants().Any(n => n.Tag is Tag.Table or Tag.Pre or Tag.Code or Tag.Blockquote or Tag.P);
            case Tag.Div or Tag.P when IsCaptionedPicture(element):
                return true;
            case Tag.Ul or Tag.Ol when element.Stats.LinkDensity >= LinkListDensity:
                // A list that is all links is "read more", "related" or "most read", never the story's own list.
                return true;
        }
        var className = element.ClassName;
        var id = element.Id;
        return (className.Length > 0 && FurnitureName().IsMatch(className)) || (id.Length > 0 && FurnitureName().IsMatch(id));
    }

    /// <summary>A block that is pictures and a line of text at most: an image with its caption or credit, unmarked.</summary>
    private static bool IsCaptionedPicture(PageNode division)
    {
        // Characters, not words, so that scripts written without spaces are measured alike.
        if (division.Stats.Images == 0 || division.Stats.TextLength > CaptionLength) return false;
        return !division.Descendants().Any(n => n.IsHeading || n.Tag is Tag.Ul or Tag.Ol or Tag.Table or Tag.Blockquote or Tag.Pre);
    }

    /// <summary>The paragraphs without appeals, newsletter promotions, credit lines and interface labels.</summary>
    public static List<string> FilterParagraphs(IReadOnlyList<string> paragraphs)
    {
        var kept = new List<string>(paragraphs.Count);
        var inAppeal = false;
        foreach (var paragraph in paragraphs)
        {
            var words = WordCount(paragraph);
            if (words <= 12 && AppealOpener().IsMatch(paragraph))
            {
                inAppeal = true;
                continue;
            }
            if (inAppeal)
            {
                if (words <= 6 || AppealWords().IsMatch(paragraph)) continue;
                inAppeal = false;
            }
            if (words <= 30 && NewsletterWords().IsMatch(paragraph) && NewsletterContext().IsMatch(paragraph)) continue;
            if (words <= 40 && CreditLine().IsMatch(paragraph)) continue;
            if (words <= 4 && InterfaceLabel().IsMatch(paragraph)) continue;
            kept.Add(paragraph);
        }
        return kept;
    }

    private static int WordCount(string text)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var word = !char.IsWhiteSpace(c);
            if (word && !inWord) count++;
            inWord = word;
        }
        return count;
    }

    // Class and id words of blocks that are never the story's text; "no-caption" and the like say the opposite.
    [GeneratedRegex(@"(?<!\b(no|without|has-no)[-_]?)(caption|credit|newsletter|subscri|signup|sign-up|donat|contribut|membership|paywall|appeal)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FurnitureName();

    [GeneratedRegex(@"^\W*(a message from\b|dear (readers?|friends|subscribers)\b|we have a small favou?r to ask|support (independent|our|quality) journalism|before you go\b|if you (value|appreciate|enjoy(ed)?) (our|this) (journalism|work|reporting|article))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AppealOpener();

    [GeneratedRegex(@"support|donat|contribut|journalis|subscri|independent|readers|membership|help us|our (work|staff|mission)|thank you", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AppealWords();

    [GeneratedRegex(@"\b(newsletters?|sign up|subscribe|subscribers)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NewsletterWords();

    [GeneratedRegex(@"\b(our|free|weekly|daily|inbox|mailbox|e-?mail|privacy policy|terms)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NewsletterContext();

    [GeneratedRegex(@"^\W*(sources?|photos?|images?|featured image|embedded images?|pictures?|credits?|photo credits?|illustration|top image|header image)\s*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CreditLine();

    [GeneratedRegex(@"^\W*(read more|continue|continue reading|share|share this( article| story)?|advertisement|remind me later|skip to (main )?content|print|email|copy link)\W*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InterfaceLabel();
}
