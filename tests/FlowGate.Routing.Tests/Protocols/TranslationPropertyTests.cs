using FlowGate.Routing.Protocols;
using FlowGate.Routing.Protocols.Encoders;
using FlowGate.Routing.Protocols.Model;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static FlowGate.Routing.Tests.Protocols.Translate;

namespace FlowGate.Routing.Tests.Protocols;

/// <summary>Generated conversations, written in one protocol and translated to another, keep what they say.</summary>
public sealed class TranslationPropertyTests
{
    private static readonly ClientProtocol[] Protocols = [Anthropic, Chat, Responses];

    private static (ClientProtocol From, ClientProtocol To)[] Pairs() =>
        [.. from a in Protocols from b in Protocols where a != b select (a, b)];

    internal static byte[] Encode(Conversation conversation, ClientProtocol protocol, out TranslationContext context)
    {
        var session = new EncodeSession(conversation with { Source = protocol }, protocol);
        var body = protocol switch
        {
            Anthropic => AnthropicEncoder.Encode(session),
            Chat => ChatEncoder.Encode(session),
            _ => ResponsesEncoder.Encode(session),
        };
        context = session.Context(protocol);
        return body;
    }

    /// <summary>Every ordered pair of distinct protocols, drawn with the conversation (300 cases a pair on average).</summary>
    [Property(MaxTest = 1_800)]
    public Property Translate_PreservesVisibleConversation() =>
        Prop.ForAll(Arb.From(Gen.Zip(ConversationGen.Conversations, Gen.Elements(Pairs()))), c =>
        {
            var (conversation, (from, to)) = c;
            var body = Encode(conversation, from, out var encoded);
            var expected = ConversationView.Of(conversation, n => n);

            // The client's own body reads back to the same conversation (the encoder and decoder agree).
            var clientView = ConversationView.Of(DecodeAs(body, from), n => encoded.ToolNames.GetValueOrDefault(n, n));
            Assert.Equal(expected.ToString(), clientView.ToString());

            var translated = ProtocolTranslator.TranslateRequest(body, from, to);
            var decoded = DecodeAs(translated.Body, to);

            // Names on the client's wire are already valid, so the translation renames nothing more.
            Assert.Empty(translated.Context.ToolNames);
            var view = ConversationView.Of(decoded, n => encoded.ToolNames.GetValueOrDefault(n, n));
            Assert.Equal(expected.ToString(), view.ToString());

            Assert.Equal("model-x", translated.Context.Model);
            Assert.Equal(conversation.Stream, translated.Context.Stream);
            Assert.Equal(conversation.Stream, decoded.Stream);
            var anthropicSomewhere = from == Anthropic || to == Anthropic;
            var expectedMax = anthropicSomewhere ? conversation.Sampling.MaxOutputTokens ?? AnthropicEncoder.DefaultMaxTokens : conversation.Sampling.MaxOutputTokens;
            Assert.Equal(expectedMax, decoded.Sampling.MaxOutputTokens);
            Assert.DoesNotContain(decoded.Turns.SelectMany(t => t.Parts), p => p is ThinkingPart or RedactedThinkingPart or ReasoningPart);
        });

    [Property(MaxTest = 200)]
    public Property ToolNames_RoundTripThroughTheContext() =>
        Prop.ForAll(Arb.From(ConversationGen.Conversations), conversation =>
        {
            foreach (var protocol in Protocols)
            {
                _ = Encode(conversation, protocol, out var context);
                foreach (var (wire, client) in context.ToolNames)
                {
                    Assert.True(ToolNaming.IsValid(wire), wire);
                    Assert.Contains(client, ConversationGen.ToolNames);
                    Assert.Equal(wire, ToolNaming.Wire(client));
                }
            }
        });
}
