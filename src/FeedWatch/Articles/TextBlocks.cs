using System.Text;
using AngleSharp.Dom;

namespace FeedWatch.Articles;

/// <summary>
/// Renders a subtree as the blocks a reader sees: a new block at every block-level element and line break,
/// whitespace collapsed to single spaces, empty blocks dropped. Inline elements join their text without spaces
/// ("<c>&lt;b&gt;W&lt;/b&gt;ord</c>" is one word), as a browser shows it.
/// </summary>
internal static class TextBlocks
{
    private static readonly HashSet<string> BlockElements = new(StringComparer.Ordinal)
    {
        "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "details", "dialog", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hgroup", "hr", "html", "iframe", "legend", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary",
        "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    };

    // Never rendered as text even when they survive into a subtree.
    private static readonly HashSet<string> Invisible = new(StringComparer.Ordinal)
    {
        "script", "style", "noscript", "template", "head", "title", "meta", "link",
    };

    public static bool IsBlock(string localName) => BlockElements.Contains(localName);

    public static List<string> Of(INode root)
    {
        var blocks = new List<string>();
        var current = new StringBuilder();
        var pendingSpace = false;

        void Flush()
        {
            if (current.Length > 0) blocks.Add(current.ToString());
            current.Clear();
            pendingSpace = false;
        }

        var stack = new Stack<(INodeList Children, int Index, bool ClosesBlock)>();
        var children = root.ChildNodes;
        var index = 0;
        var closesBlock = false;
        while (true)
        {
            if (index >= children.Length)
            {
                if (closesBlock) Flush();
                if (stack.Count == 0) break;
                (children, index, closesBlock) = stack.Pop();
                continue;
            }
            var node = children[index++];
            if (node is IText text)
            {
                foreach (var c in text.Data)
                {
                    if (char.IsWhiteSpace(c))
                    {
                        pendingSpace = current.Length > 0;
                        continue;
                    }
                    if (pendingSpace) current.Append(' ');
                    pendingSpace = false;
                    current.Append(c);
                }
                continue;
            }
            if (node is not IElement element || Invisible.Contains(element.LocalName)) continue;
            var block = BlockElements.Contains(element.LocalName);
            if (block) Flush();
            if (element.HasChildNodes)
            {
                stack.Push((children, index, closesBlock));
                children = element.ChildNodes;
                index = 0;
                closesBlock = block;
            }
        }
        Flush();
        return blocks;
    }
}
