using System.Buffers;
using System.Diagnostics;
using System.Text;
using FlowGate.Config;
using FlowGate.Config.Toml;
using FlowGate.Config.Yaml;
using FlowGate.Routing;
using FlowGate.Routing.Features;
using FlowGate.Routing.Protocols;
using FlowGate.Routing.Rewriting;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FlowGate.Reliability.Tests.BadInput;

/// <summary>
/// Random and mutated inputs into every parser FlowGate owns: each either succeeds or throws its one
/// documented exception type — never another, never a hang (every case is timed), never unbounded memory.
/// </summary>
public sealed class ParserPropertyTests
{
    private const int Cases = 2_000;

    private const string Specials = "{}[]\",:\\\n\r\t\0#=.'-?&*!|>";

    // A hang guard, not a speed goal (speed is the benchmarks' job): far above any case's cost even on a loaded machine.
    private static readonly TimeSpan PerCase = TimeSpan.FromSeconds(30);

    private static readonly string[] RequestSeeds =
    [
        """{"model":"m","max_tokens":64,"stream":true,"system":[{"type":"text","text":"s"}],"messages":[{"role":"user","content":[{"type":"text","text":"hi"},{"type":"tool_result","tool_use_id":"t1","content":"ok"}]},{"role":"assistant","content":[{"type":"thinking","thinking":"x","signature":"sig"},{"type":"tool_use","id":"t1","name":"Bash","input":{"command":"ls"}}]}],"tools":[{"name":"Bash","input_schema":{"type":"object"}}],"thinking":{"type":"enabled","budget_tokens":1024},"metadata":{"user_id":"u_session_1"}}""",
        """{"model":"m","stream":true,"stream_options":{"include_usage":true},"reasoning_effort":"high","messages":[{"role":"system","content":"s"},{"role":"user","content":[{"type":"text","text":"hi"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AA=="}}]},{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}}]},{"role":"tool","tool_call_id":"c1","content":"r"}],"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}]}""",
        """{"model":"m","stream":false,"instructions":"i","prompt_cache_key":"k","reasoning":{"effort":"low","summary":"auto"},"include":["reasoning.encrypted_content"],"input":[{"role":"user","content":[{"type":"input_text","text":"hi"}]},{"type":"function_call","call_id":"c1","name":"shell","arguments":"{}"},{"type":"function_call_output","call_id":"c1","output":"ok"},{"type":"reasoning","encrypted_content":"e","summary":[]}],"tools":[{"type":"function","name":"shell","parameters":{"type":"object"}},{"type":"custom","name":"apply_patch"}]}""",
    ];

    private static readonly string[] StreamSeeds =
    [
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"usage\":{\"input_tokens\":3,\"output_tokens\":0}}}\n\nevent: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\nevent: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"hi\"}}\n\nevent: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\nevent: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":1}}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
        "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"hi\",\"tool_calls\":[{\"index\":0,\"id\":\"t\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},\"finish_reason\":null}]}\n\ndata: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}\n\ndata: [DONE]\n\n",
        "event: response.created\ndata: {\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\",\"status\":\"in_progress\",\"output\":[]}}\n\nevent: response.output_item.added\ndata: {\"type\":\"response.output_item.added\",\"output_index\":0,\"item\":{\"type\":\"message\",\"id\":\"m1\",\"role\":\"assistant\",\"content\":[]}}\n\nevent: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"output_index\":0,\"delta\":\"hi\"}\n\nevent: response.output_item.done\ndata: {\"type\":\"response.output_item.done\",\"output_index\":0,\"item\":{\"type\":\"message\",\"id\":\"m1\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"hi\"}]}}\n\nevent: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\",\"status\":\"completed\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1,\"total_tokens\":2}}}\n\n",
    ];

    private static readonly string[] TomlSeeds =
    [
        "[global]\nmain_port = 8145\n\n[gateway]\nport = 4000\napi_keys = [\"${KEY}\"]\n\n[instances.a]\nport = 9001\nproviders = [{ type = \"openai\", base_url = \"http://127.0.0.1:9001/v1\" }]\n\n[upstreams.b]\nprotocol = \"anthropic\"\nbase_url = \"https://api.example\"\napi_key_file = \"key.txt\"\n\n[routing]\n\"r\" = [{ instance = \"a\", provider = \"openai\", model = \"m\", weight = 2 }]\n",
        "a = 1979-05-27T07:32:00Z\nb = 0x_FF\nc = \"\"\"multi\\\nline\"\"\"\nd = 'lit'\ne = [1, [2, 3], { x = 1.5e3 }]\n[[t]]\nf = inf\n[t.g]\nh = true\n",
    ];

    private static readonly string[] YamlSeeds =
    [
        "litellm_base:\n  model_list:\n    - model_name: r\n      litellm_params:\n        model: openai/m\n        api_base: http://127.0.0.1:1/v1\n        api_key: os.environ/KEY\n  router_settings:\n    fallbacks: [{\"r\": [\"s\"]}]\nservices:\n  gateway: { host: 127.0.0.1, port: 4000 }\n",
        "a: &x { b: [1, 2, *x] }\nc: !!str 1\nd: |\n  text\ne: >-\n  folded\n? complex\n: value\n",
    ];

    [Property(MaxTest = Cases)]
    public Property TheRequestParsers_ThrowOnlyInvalidRequestBodyException()
    {
        return Check(Mutated(RequestSeeds), bytes =>
        {
            foreach (var protocol in Enum.GetValues<ClientProtocol>())
            {
                Allow<InvalidRequestBodyException>(() => RequestFeatureExtractor.Extract(bytes, protocol));
                Allow<InvalidRequestBodyException>(() => RequestRewriter.Rewrite(bytes, protocol, "target-model", new TargetParams()));
                foreach (var upstream in Enum.GetValues<ClientProtocol>())
                {
                    // NotSupportedException is the translator's documented "cannot express this" (the proxy answers 501).
                    Allow<InvalidRequestBodyException, NotSupportedException>(() => ProtocolTranslator.TranslateRequest(bytes, protocol, upstream));
                }
            }
        });
    }

    [Property(MaxTest = Cases)]
    public Property TheStreamTranslators_NeverThrow_OnAnyBytes_SplitAnywhere()
    {
        var contexts = (from client in Enum.GetValues<ClientProtocol>()
                        from upstream in Enum.GetValues<ClientProtocol>()
                        select new TranslationContext { Client = client, Upstream = upstream, Model = "m", Stream = true }).ToArray();
        return Check(Gen.Zip(Mutated(StreamSeeds), Gen.Choose(1, 64)), input =>
        {
            var (bytes, split) = input;
            foreach (var context in contexts)
            {
                var translator = ProtocolTranslator.CreateStreamTranslator(context);
                var output = new ArrayBufferWriter<byte>();
                for (var i = 0; i < bytes.Length; i += split)
                {
                    translator.Write(bytes.AsSpan(i, Math.Min(split, bytes.Length - i)), output);
                }

                translator.Complete(output);

                // Bounded output: a translator never multiplies its input without bound.
                Assert.True(output.WrittenCount <= (bytes.Length * 8) + 64 * 1024, $"{context.Upstream}→{context.Client} wrote {output.WrittenCount} bytes for {bytes.Length}");
            }
        });
    }

    [Property(MaxTest = Cases)]
    public Property TheTomlReader_ThrowsOnlyConfigSyntaxException()
    {
        return Check(Mutated(TomlSeeds), bytes =>
        {
            Allow<ConfigSyntaxException>(() => TomlReader.Parse(bytes, "fuzz.toml"));
            Allow<ConfigSyntaxException>(() => TomlReader.Parse(Encoding.UTF8.GetString(bytes), "fuzz.toml"));
        });
    }

    [Property(MaxTest = Cases)]
    public Property TheYamlLoader_ThrowsOnlyConfigSyntaxException()
    {
        return Check(Mutated(YamlSeeds), bytes => Allow<ConfigSyntaxException>(() => YamlDocumentReader.Parse(Encoding.UTF8.GetString(bytes), "fuzz.yaml")));
    }

    [Property(MaxTest = 600)]
    public Property TheConfigLoader_ReportsDiagnostics_NeverThrows()
    {
        var files =
            from name in Gen.Elements("providers.toml", "flowgate.yaml")
            from bytes in Mutated(name.EndsWith(".toml", StringComparison.Ordinal) ? TomlSeeds : YamlSeeds)
            select (name, bytes);
        return Check(files, file =>
        {
            var dir = Path.Combine(Path.GetTempPath(), "flowgate-fuzz-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                var path = Path.Combine(dir, file.name);
                File.WriteAllBytes(path, file.bytes);
                _ = ConfigLoader.Load(path);
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        });
    }

    /// <summary>Deep nesting, the classic parser stack overflow, in every parser.</summary>
    [Theory]
    [InlineData(10_000)]
    [InlineData(200_000)]
    public void DeepNesting_IsRefused_NotAStackOverflow(int depth)
    {
        var json = Encoding.UTF8.GetBytes("{\"model\":\"m\",\"messages\":" + new string('[', depth) + new string(']', depth) + "}");
        foreach (var protocol in Enum.GetValues<ClientProtocol>())
        {
            Assert.Throws<InvalidRequestBodyException>(() => RequestFeatureExtractor.Extract(json, protocol));
            Assert.Throws<InvalidRequestBodyException>(() => RequestRewriter.Rewrite(json, protocol, "t", new TargetParams()));
        }

        Allow<ConfigSyntaxException>(() => TomlReader.Parse("a = " + new string('[', depth) + new string(']', depth), "deep.toml"));
        Allow<ConfigSyntaxException>(() => TomlReader.Parse("a = " + string.Concat(Enumerable.Repeat("{b=", depth)) + "1" + new string('}', depth), "deep.toml"));
        Allow<ConfigSyntaxException>(() => YamlDocumentReader.Parse("a: " + new string('[', depth) + new string(']', depth), "deep.yaml"));
    }

    /// <summary>Mutations of valid seeds (truncate, flip, insert, duplicate, splice), plus raw random bytes.</summary>
    private static Gen<byte[]> Mutated(string[] seeds)
    {
        var seed = Gen.Elements(seeds.Select(Encoding.UTF8.GetBytes).ToArray());
        var random = Gen.ArrayOf(Gen.Choose(0, 255).Select(i => (byte)i));
        var mutation = Gen.Zip(Gen.Choose(0, 5), Gen.Zip(Gen.Choose(0, int.MaxValue), Gen.Choose(0, 255)));
        var mutated = Gen.Zip(seed, Gen.ListOf(mutation)).Select(p =>
        {
            var bytes = p.Item1.ToList();
            foreach (var (kind, (at, value)) in p.Item2.Take(8))
            {
                if (bytes.Count == 0)
                {
                    break;
                }

                var i = at % bytes.Count;
                switch (kind)
                {
                    case 0: bytes.RemoveRange(i, bytes.Count - i); break;
                    case 1: bytes[i] = (byte)value; break;
                    case 2: bytes.Insert(i, (byte)Specials[value % Specials.Length]); break;
                    case 3: bytes.InsertRange(i, bytes.Skip(i).Take(value)); break;
                    case 4: bytes.RemoveAt(i); break;
                    default: bytes.Insert(i, (byte)(0x80 + (value % 0x40))); break;
                }
            }

            return bytes.ToArray();
        });
        return Gen.Frequency((5, mutated), (1, random));
    }

    private static Property Check(Gen<byte[]> gen, Action<byte[]> assertion) =>
        Check(gen.Select(b => (b, 0)), p => assertion(p.b));

    private static Property Check<T>(Gen<T> gen, Action<T> assertion) =>
        Prop.ForAll(Arb.From(gen), value =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            assertion(value);
            Assert.True(watch.Elapsed < PerCase, $"a case took {watch.Elapsed.TotalMilliseconds:0} ms");
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 256L * 1024 * 1024, "a case allocated more than 256 MiB");
        });

    private static void Allow<TException>(Action action)
        where TException : Exception
    {
        try
        {
            action();
        }
        catch (TException)
        {
        }
    }

    private static void Allow<T1, T2>(Action action)
        where T1 : Exception
        where T2 : Exception
    {
        try
        {
            action();
        }
        catch (T1)
        {
        }
        catch (T2)
        {
        }
    }

    private static void Allow<TException>(Func<object> action)
        where TException : Exception => Allow<TException>(() => { _ = action(); });

    private static void Allow<T1, T2>(Func<object> action)
        where T1 : Exception
        where T2 : Exception => Allow<T1, T2>(() => { _ = action(); });
}
