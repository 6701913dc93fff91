namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>
/// Keeps heavy work off the socket engine's threads. A host may run socket completions inline (the gateway host does:
/// <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c> and Kestrel's <c>UnsafePreferInlineScheduling</c>), which
/// saves two thread hand-offs per request; request code then runs on the thread that serves every other connection
/// on that engine until its first real wait. Scanning, rewriting or translating a large body there (the 49 KB Claude
/// Code request takes 20–120 µs, a megabyte about a millisecond) would stall those connections, so such work moves to
/// the thread pool first. On a thread-pool thread (the default scheduling) this costs nothing.
/// </summary>
internal static class IoThread
{
    /// <summary>Bodies at least this large are not processed on a socket engine's thread.</summary>
    public const int LargeBodyBytes = 16 * 1024;

    /// <summary>Continues on the thread pool when <paramref name="bytes"/> is large and this is not a pool thread.</summary>
    public static async ValueTask LeaveForLargeAsync(int bytes)
    {
        if (bytes >= LargeBodyBytes && !Thread.CurrentThread.IsThreadPoolThread)
        {
            // Yield always posts the rest to the thread pool (there is no synchronization context in ASP.NET Core).
            await Task.Yield();
        }
    }
}
