namespace FeedWatch.Storage;

/// <summary>
/// The database cannot be used: it cannot be reached, refuses the login, does not exist, or has a schema newer than
/// this FeedWatch knows. The message names the database (never the password) and what to check; the commands print
/// it as it is, without a stack trace.
/// </summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException()
    {
    }

    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
