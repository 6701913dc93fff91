namespace FlowGate.Routing.Protocols;

/// <summary>A request body in the upstream's protocol, and the context its answer is translated back with.</summary>
/// <param name="Body">The UTF-8 JSON body for the upstream.</param>
/// <param name="Context">The context for translating the answer.</param>
internal sealed record TranslatedRequest(byte[] Body, TranslationContext Context);
