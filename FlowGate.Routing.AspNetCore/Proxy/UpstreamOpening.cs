using FlowGate.Routing.Protocols;

namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>
/// What one attempt has opened so far: the request, then the upstream's response, its body stream and the answer's
/// first bytes (a pooled buffer). Owns all of it until the relay takes the first bytes; disposing releases the rest.
/// </summary>
internal sealed class UpstreamOpening(HttpRequestMessage request, RouteTarget target, TranslationContext? translation) : IDisposable
{
    private byte[]? _start;
    private int _length;

    public HttpRequestMessage Request { get; } = request;

    public RouteTarget Target { get; } = target;

    public TranslationContext? Translation { get; } = translation;

    public HttpResponseMessage? Response { get; set; }

    public Stream? Stream { get; set; }

    public bool IsStream { get; set; }

    /// <summary>Gets the upstream's status once its response arrived.</summary>
    public int? Status => Response is { } response ? (int)response.StatusCode : null;

    /// <summary>Keeps the answer's first bytes (a pooled buffer) until the relay takes them.</summary>
    public void SetStart(byte[] start, int length) => (_start, _length) = (start, length);

    /// <summary>Hands the first bytes, and the duty to return their buffer, to the relay.</summary>
    public (byte[] Start, int Length) TakeStart()
    {
        var start = _start ?? throw new InvalidOperationException("the answer's start was not read.");
        _start = null;
        return (start, _length);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _start, null) is { } start)
        {
            BodyBuffers.Return(start);
        }

        Stream?.Dispose();
        Response?.Dispose();
    }
}
