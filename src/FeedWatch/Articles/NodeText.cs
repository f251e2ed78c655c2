using System.Text;

namespace FeedWatch.Articles;

/// <summary>
/// Reads text out of a subtree without building strings where a length will do. Lengths are of the text as a
/// reader sees it: trimmed, each run of whitespace counted as one space.
/// </summary>
internal static class NodeText
{
    /// <summary>The text's length, trimmed, with whitespace runs counted once.</summary>
    public static int Length(PageNode root)
    {
        var counter = new SpaceCollapsingCounter();
        foreach (var text in Texts(root)) counter.Add(text);
        return counter.Length;
    }

    /// <summary>The text, trimmed, with every whitespace run made one space.</summary>
    public static string Collapsed(PageNode root)
    {
        var builder = new StringBuilder();
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
    public static bool HasText(PageNode root)
    {
        foreach (var text in Texts(root))
        {
            if (!string.IsNullOrWhiteSpace(text)) return true;
        }
        return false;
    }

    /// <summary>The data of every text node under <paramref name="root"/> (or the root itself), in document order.</summary>
    public static IEnumerable<string> Texts(PageNode root)
    {
        if (root.Text is { } own)
        {
            yield return own;
            yield break;
        }
        foreach (var node in root.Descendants())
        {
            if (node.Text is { } text) yield return text;
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
