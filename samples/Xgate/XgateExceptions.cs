namespace FlowGate.Xgate;

/// <summary>A command failed in a way the user can act on; the message is printed and the exit code is 1.</summary>
internal sealed class XgateFailureException : Exception
{
    public XgateFailureException(string message)
        : base(message)
    {
    }

    public XgateFailureException()
    {
    }

    public XgateFailureException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>A command was called wrongly in a way the parser cannot see; the message is printed and the exit code is 2.</summary>
internal sealed class XgateUsageException : Exception
{
    public XgateUsageException(string message)
        : base(message)
    {
    }

    public XgateUsageException()
    {
    }

    public XgateUsageException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
