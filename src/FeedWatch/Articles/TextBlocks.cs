using System.Text;

namespace FeedWatch.Articles;

/// <summary>
/// Renders a subtree as the blocks a reader sees: a new block at every block-level element and line break,
/// whitespace collapsed to single spaces, empty blocks dropped. Inline elements join their text without spaces
/// ("<c>&lt;b&gt;W&lt;/b&gt;ord</c>" is one word), as a browser shows it.
/// </summary>
internal static class TextBlocks
{
    public static bool IsBlock(Tag tag) => tag switch
    {
        Tag.Address or Tag.Article or Tag.Aside or Tag.Blockquote or Tag.Body or Tag.Br or Tag.Caption or Tag.Center
            or Tag.Dd or Tag.Details or Tag.Div or Tag.Dl or Tag.Dt or Tag.Fieldset or Tag.Figcaption
            or Tag.Figure or Tag.Footer or Tag.Form or Tag.H1 or Tag.H2 or Tag.H3 or Tag.H4 or Tag.H5 or Tag.H6
            or Tag.Header or Tag.Hgroup or Tag.Hr or Tag.Iframe or Tag.Legend or Tag.Li or Tag.Main or Tag.Menu or Tag.Nav
            or Tag.Ol or Tag.P or Tag.Pre or Tag.Section or Tag.Summary or Tag.Table or Tag.Tbody or Tag.Td or Tag.Tfoot
            or Tag.Th or Tag.Thead or Tag.Tr or Tag.Ul => true,
        _ => false,
    };

    public static List<string> Of(PageNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var blocks = new List<string>();
        var current = new StringBuilder();
        var pendingSpace = false;

        void Flush()
        {
            if (current.Length > 0) blocks.Add(current.ToString());
            current.Clear();
            pendingSpace = false;
        }

        // A block's text ends where its subtree ends: at the first node after it, remembered when it opens.
        var blockEnds = new Stack<PageNode?>();
        foreach (var node in root.Descendants())
        {
            while (blockEnds.Count > 0 && ReferenceEquals(blockEnds.Peek(), node))
            {
                blockEnds.Pop();
                Flush();
            }
            if (node.Text is { } text)
            {
                foreach (var c in text)
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
            if (!IsBlock(node.Tag)) continue;
            Flush();
            if (node.FirstChild is not null) blockEnds.Push(PageNode.Following(node, root, skipChildren: true));
        }
        Flush();
        return blocks;
    }
}
