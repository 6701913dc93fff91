using System.Text;

namespace FlowGate.Routing.Tests.Rewriting;

/// <summary>One generated rewrite: a body in a protocol and the target's parameters.</summary>
public sealed record RewriteCase(ClientProtocol Protocol, string Body, TargetParams Parameters)
{
    public byte[] Bytes => Encoding.UTF8.GetBytes(Body);

    /// <summary>Gets the members the rewriter may change for this case (holder.child for nested ones).</summary>
    public IReadOnlyCollection<string> Touched
    {
        get
        {
            var touched = new HashSet<string>(StringComparer.Ordinal) { "model" };
            touched.UnionWith(Protocol switch
            {
                ClientProtocol.AnthropicMessages => ["max_tokens", "output_config.effort", "thinking.budget_tokens"],
                ClientProtocol.OpenAIChat => ["max_tokens", "max_completion_tokens", "reasoning_effort"],
                _ => ["max_output_tokens", "reasoning.effort"],
            });
            touched.UnionWith(Parameters.DropParams);
            return touched;
        }
    }

    public override string ToString() => $"{Protocol} {Parameters}\n{Body}";
}
