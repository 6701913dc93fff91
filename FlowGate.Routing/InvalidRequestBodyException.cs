namespace FlowGate.Routing;

/// <summary>
/// The request body is not the JSON object the client protocol requires. The message says where the body went
/// wrong and never repeats any of it: bodies carry prompts and sometimes secrets, and this message ends up in
/// logs and in the error answer.
/// </summary>
public class InvalidRequestBodyException : FormatException
{
    /// <summary>Initializes a new instance of the <see cref="InvalidRequestBodyException"/> class.</summary>
    public InvalidRequestBodyException()
        : base("The request body is not a valid JSON object.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InvalidRequestBodyException"/> class.</summary>
    /// <param name="message">What is wrong; must not quote the body.</param>
    public InvalidRequestBodyException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InvalidRequestBodyException"/> class.</summary>
    /// <param name="message">What is wrong; must not quote the body.</param>
    /// <param name="innerException">The cause; must not quote the body either.</param>
    public InvalidRequestBodyException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
