namespace FeedWatch.Articles;

/// <summary>A page the extractor refuses to read: too large, nested too deep, or not a page at all. The message says which limit.</summary>
internal sealed class ArticleExtractionException : Exception
{
    public ArticleExtractionException()
    {
    }

    public ArticleExtractionException(string message) : base(message)
    {
    }

    public ArticleExtractionException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
