namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>
/// Tells, as a plain JSON answer passes through, whether its top-level value was closed: an upstream that ends a
/// 200 early (a cut or a malformed body) must not look complete to the client. Structural only —
/// brackets, braces and strings — so it costs one pass over bytes that are being copied anyway.
/// </summary>
internal sealed class JsonCompleteness
{
    private int _depth;
    private bool _inString;
    private bool _escaped;
    private bool _started;

    /// <summary>Gets a value indicating whether the top-level object or array has been closed.</summary>
    public bool Complete { get; private set; }

    public void Observe(ReadOnlySpan<byte> chunk)
    {
        foreach (var b in chunk)
        {
            if (Complete)
            {
                return;
            }

            if (_inString)
            {
                if (_escaped)
                {
                    _escaped = false;
                }
                else if (b == '\\')
                {
                    _escaped = true;
                }
                else if (b == '"')
                {
                    _inString = false;
                }

                continue;
            }

            switch (b)
            {
                case (byte)'"':
                    _inString = true;
                    break;
                case (byte)'{' or (byte)'[':
                    _started = true;
                    _depth++;
                    break;
                case (byte)'}' or (byte)']':
                    _depth--;
                    if (_started && _depth == 0)
                    {
                        Complete = true;
                    }
                    else if (_depth < 0)
                    {
                        // Closed more than it opened: not JSON; stays incomplete.
                        _started = false;
                        _depth = int.MinValue / 2;
                    }

                    break;
            }
        }
    }
}
