using FlowGate.Routing.Protocols.Model;
using FlowGate.Routing.Rewriting;

namespace FlowGate.Routing.Protocols.Encoders;

/// <summary>
/// One encoding of a <see cref="Conversation"/> for a target protocol: gives tools their wire names and records what
/// the answer needs (<see cref="TranslationContext"/>) and what was left out.
/// </summary>
internal sealed class EncodeSession
{
    /// <summary>Top-level members both OpenAI protocols define alike, carried between them (nothing else is).</summary>
    private static readonly HashSet<string> OpenAIShared = new(StringComparer.Ordinal) { "service_tier", "safety_identifier", "metadata" };

    private readonly Dictionary<string, NamespacedTool> _namespaced = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _toolNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _namespaces = new(StringComparer.Ordinal);
    private readonly HashSet<string> _wrapped = new(StringComparer.Ordinal);
    private readonly List<string> _dropped = [];

    public EncodeSession(Conversation conversation, ClientProtocol target, ThinkingEffortTable? table = null)
    {
        Conversation = conversation;
        Target = target;
        Table = table ?? ThinkingEffortTable.Default;
        foreach (var tool in conversation.Namespaced)
        {
            _namespaced[tool.Flat] = tool;
        }

        foreach (var dropped in conversation.Dropped)
        {
            Drop(dropped);
        }
    }

    public Conversation Conversation { get; }

    public ClientProtocol Target { get; }

    public ThinkingEffortTable Table { get; }

    /// <summary>
    /// Gets a value indicating whether thinking history may be sent: only to the protocol that produced it. A
    /// signature or <c>encrypted_content</c> validates only with the provider that made it, and
    /// the gateway cannot tell which provider that was, so history is carried only within one protocol and
    /// dropped on every translation; the visible text of every turn is kept.
    /// </summary>
    public bool KeepsThinking => Conversation.Source == Target;

    public IReadOnlyList<string> Dropped => _dropped;

    public void Drop(string what)
    {
        if (!_dropped.Contains(what))
        {
            _dropped.Add(what);
        }
    }

    /// <summary>Gives a tool (model name) its wire name and records the mapping back to the client's name.</summary>
    public string Wire(string name)
    {
        var wire = ToolNaming.Wire(name);
        var client = name;
        if (_namespaced.TryGetValue(name, out var ns))
        {
            client = ns.Name;
            _namespaces[wire] = ns.Namespace;
        }

        if (!string.Equals(wire, client, StringComparison.Ordinal))
        {
            _toolNames[wire] = client;
        }

        return wire;
    }

    /// <summary>Records a custom tool sent as a wrapped function (client spelling).</summary>
    public void Wrapped(string name) => _wrapped.Add(_namespaced.TryGetValue(name, out var ns) ? ns.Name : name);

    /// <summary>Gets the extras the target takes: between the two OpenAI protocols a few shared members; else none.</summary>
    public IEnumerable<RawMember> CarriedExtras()
    {
        var sameFamily = Conversation.Source != ClientProtocol.AnthropicMessages && Target != ClientProtocol.AnthropicMessages;
        foreach (var extra in Conversation.Extras)
        {
            if (Conversation.Source == Target || (sameFamily && OpenAIShared.Contains(extra.Name)))
            {
                yield return extra;
            }
            else
            {
                Drop(extra.Name);
            }
        }
    }

    /// <summary>
    /// The turns with thinking removed unless kept, empty texts removed, and consecutive user or assistant turns merged;
    /// system turns keep their boundaries.
    /// </summary>
    public List<(Role Role, List<Part> Parts)> MergedTurns(bool hoistSystem = false)
    {
        var merged = new List<(Role Role, List<Part> Parts)>();
        var droppedThinking = 0;
        foreach (var turn in Conversation.Turns)
        {
            if (hoistSystem && turn.Role == Role.System)
            {
                continue;
            }

            var parts = new List<Part>();
            foreach (var part in turn.Parts)
            {
                if (part is ThinkingPart or RedactedThinkingPart or ReasoningPart && !KeepsThinking)
                {
                    droppedThinking++;
                    continue;
                }

                if (part is TextPart { Text.Length: 0 })
                {
                    continue;
                }

                parts.Add(part);
            }

            if (merged.Count > 0 && merged[^1].Role == turn.Role && turn.Role != Role.System)
            {
                merged[^1].Parts.AddRange(parts);
            }
            else if (parts.Count > 0)
            {
                merged.Add((turn.Role, parts));
            }
        }

        if (droppedThinking > 0)
        {
            Drop("thinking/reasoning history (signatures validate only with the provider that made them)");
        }

        return merged;
    }

    public TranslationContext Context(ClientProtocol client) => new()
    {
        Client = client,
        Upstream = Target,
        Model = Conversation.Model,
        Stream = Conversation.Stream,
        IncludeUsage = Conversation.IncludeUsage,
        ToolNames = _toolNames,
        ToolNamespaces = _namespaces,
        WrappedTools = _wrapped,
        Dropped = _dropped,
    };
}
