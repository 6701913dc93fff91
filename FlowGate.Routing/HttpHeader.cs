namespace FlowGate.Routing;

/// <summary>One HTTP header to set on an upstream request.</summary>
/// <param name="Name">The header name.</param>
/// <param name="Value">The header value.</param>
public readonly record struct HttpHeader(string Name, string Value);
