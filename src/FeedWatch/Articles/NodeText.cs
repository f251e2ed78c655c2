using AngleSharp.Dom;

namespace FeedWatch.Articles;

/// <summary>
/// Reads text out of a subtree without building strings, and without recursion: AngleSharp caps the tree at
/// about 512 levels, but every walk here keeps its own stack so that no page decides how deep the call stack goes.
/// Lengths are of the text as a reader sees it: trimmed, each run of whitespace counted as one space.
/// </summary>
internal static class NodeText
{
    /// <summary>The text's length, trimmed, with whitespace runs counted once.</summary>
    public static int Length(INode root)
    {
        var counter = new SpaceCollapsingCounter();
        foreach (var text in Texts(root)) counter.Add(text);
        return counter.Length;
    }

    /// <summary>The text, trimmed, with every whitespace run made one space.</summary>
    public static string Collapsed(INode root)
    {
        var builder = new System.Text.StringBuilder();
        var pendingSpace = false;
        foreach (var text in Texts(root))
        {
            foreach (var c in text)
            {
                if (char.IsWhiteSpace(c))
                {
                    pendingSpace = builder.Length > 0;
                    continue;
                }
                if (pendingSpace) builder.Append(' ');
                pendingSpace = false;
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    /// <summary>True when the subtree holds any character that is not whitespace.</summary>
    public static bool HasText(INode root)
    {
        foreach (var text in Texts(root))
        {
            if (!string.IsNullOrWhiteSpace(text)) return true;
        }
        return false;
    }

    /// <summary>The raw data of every text node under <paramref name="root"/> (or the root itself), in document order.</summary>
    public static IEnumerable<string> Texts(INode root)
    {
        if (root is IText single)
        {
            yield return single.Data;
            yield break;
        }
        foreach (var node in Descendants(root))
        {
            if (node is IText text) yield return text.Data;
        }
    }

    /// <summary>Every node under <paramref name="root"/> in document order (the root excluded).</summary>
    public static IEnumerable<INode> Descendants(INode root)
    {
        var stack = new Stack<(INodeList Children, int Index)>();
        var children = root.ChildNodes;
        var index = 0;
        while (true)
        {
            if (index >= children.Length)
            {
                if (stack.Count == 0) yield break;
                (children, index) = stack.Pop();
                continue;
            }
            var node = children[index++];
            yield return node;
            if (node.HasChildNodes)
            {
                stack.Push((children, index));
                children = node.ChildNodes;
                index = 0;
            }
        }
    }

    /// <summary>Every element under <paramref name="root"/> named <paramref name="localName"/>.</summary>
    public static IEnumerable<IElement> Elements(INode root, string localName)
    {
        foreach (var node in Descendants(root))
        {
            if (node is IElement element && element.LocalName == localName) yield return element;
        }
    }
}

/// <summary>Counts characters the way a reader sees them: leading and trailing whitespace dropped, each inner run one space.</summary>
internal struct SpaceCollapsingCounter
{
    private bool _started;
    private bool _pendingSpace;

    public int Length { get; private set; }

    public void Add(string text)
    {
        foreach (var c in text) Add(c);
    }

    public void Add(char c)
    {
        if (char.IsWhiteSpace(c))
        {
            _pendingSpace = _started;
            return;
        }
        if (_pendingSpace) Length++;
        _pendingSpace = false;
        _started = true;
        Length++;
    }
}
