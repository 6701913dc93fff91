using System.Runtime.CompilerServices;
using System.Text;
using FlowGate.Routing.Protocols;

namespace FlowGate.Routing.Tests.Protocols;

/// <summary>
/// Golden files per directed pair, streamed and whole, from fixture upstream answers written as MockUpstream writes
/// them. <c>FLOWGATE_ACCEPT_GOLDEN=1</c> rewrites the expected files (review the diff).
/// </summary>
public sealed class GoldenTests
{
    public static TheoryData<ClientProtocol, ClientProtocol> Pairs()
    {
        var data = new TheoryData<ClientProtocol, ClientProtocol>();
        foreach (var upstream in Enum.GetValues<ClientProtocol>())
        {
            foreach (var client in Enum.GetValues<ClientProtocol>())
            {
                data.Add(upstream, client);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Stream_MatchesGolden(ClientProtocol upstream, ClientProtocol client)
    {
        var input = Fixture($"{Name(upstream)}-stream.sse");
        var context = StreamHarness.Context(upstream, client);
        var output = StreamHarness.Translate(context, input);
        Golden($"{Name(upstream)}-to-{Name(client)}.sse", output);

        // Whatever the pair, the client can re-assemble it under its invariants.
        var assembled = StreamHarness.Stream(client, output);
        Assert.Contains(assembled.Parts, p => p.StartsWith("text:Hello wörld 😀", StringComparison.Ordinal));
        Assert.Contains(assembled.Parts, p => p.Contains("|Bash|{\"command\":\"ls -la\"}", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Whole_MatchesGoldenAndTheStream(ClientProtocol upstream, ClientProtocol client)
    {
        var input = Fixture($"{Name(upstream)}-{WholeName(upstream)}.json");
        var context = StreamHarness.Context(upstream, client, stream: false);
        var output = ProtocolTranslator.TranslateResponse(input, context);
        Golden($"{Name(upstream)}-to-{Name(client)}.json", output);

        // The fixtures are one answer in three protocols: whole and streamed agree after translation.
        var streamed = StreamHarness.Stream(client, StreamHarness.Translate(StreamHarness.Context(upstream, client), Fixture($"{Name(upstream)}-stream.sse")));
        Assert.Equal(StreamHarness.Body(client, output), streamed);
    }

    internal static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Protocols", "Fixtures", name));

    private static string Name(ClientProtocol protocol) => protocol switch
    {
        ClientProtocol.AnthropicMessages => "anthropic",
        ClientProtocol.OpenAIChat => "chat",
        _ => "responses",
    };

    private static string WholeName(ClientProtocol protocol) => protocol switch
    {
        ClientProtocol.AnthropicMessages => "message",
        ClientProtocol.OpenAIChat => "completion",
        _ => "response",
    };

    private static void Golden(string name, byte[] actual, [CallerFilePath] string source = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(source)!, "Fixtures", "Golden", name);
        if (Environment.GetEnvironmentVariable("FLOWGATE_ACCEPT_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, actual);
            return;
        }

        var expected = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Protocols", "Fixtures", "Golden", name));
        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual));
    }
}
