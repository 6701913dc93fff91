namespace FlowGate.MockUpstream.Replies;

/// <summary>The reply knobs in force for one request: the options, overridden by its headers.</summary>
internal sealed record ReplySettings(string Name, int Deltas, int MaxEchoChars, string? TextOverride, MockUsage? Usage = null);
