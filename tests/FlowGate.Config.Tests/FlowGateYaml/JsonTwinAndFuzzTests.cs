using FlowGate.Config.Yaml;

namespace FlowGate.Config.Tests.FlowGateYaml;

public sealed class JsonTwinAndFuzzTests : IDisposable
{
    private const string YamlTwin = """
        credentials:
          upstream:
            cliproxy_default:
              file: ../.router/secrets/upstream_cliproxyapi_api_key
        litellm_base:
          model_list:
            - model_name: router-gpt52-openai
              litellm_params:
                model: openai/gpt-5.2
                api_base: https://api.openai.com/v1
                api_key: os.environ/UPSTREAM_OPENAI_API_KEY
            - model_name: router-gpt52-copilot-fallback
              litellm_params:
                model: openai/gpt-5.2
                api_base: http://127.0.0.1:8317/v1
                api_key_ref: cliproxy_default
        profiles:
          balanced:
            litellm_settings:
              fallbacks:
                - router-gpt52-openai: [router-gpt52-copilot-fallback]
        integration:
          default_model: router-gpt52-openai
          fast_model: router-gpt52-copilot-fallback
        """;

    private readonly ConfigDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(null)]
    [InlineData("balanced")]
    public void JsonConfig_LoadsLikeItsYamlTwin(string? profile)
    {
        _dir.WriteSeedSecret();

        var json = _dir.LoadOk(YamlFixtures.AppendixA, profile, "flowgate.json");
        var yaml = _dir.LoadOk(YamlTwin, profile, "flowgate.yaml");

        Assert.Equal(yaml.Routing, json.Routing);
        Assert.Equal(yaml.Integration, json.Integration);
        Assert.Equal(yaml.Paths, json.Paths);
        Assert.Equal(yaml with { SourcePath = json.SourcePath }, json);
    }

    [Fact]
    public void Mutations_OnlyEverThrowSyntaxErrors_AndLoadNeverThrows()
    {
        _dir.WriteSeedSecret();
        var fixtures = new[] { YamlFixtures.Upstream, YamlFixtures.AppendixA, YamlFixtures.AppendixB, YamlTwin };
        const string alphabet = ":-[]{}\"'&*!|>%@`#,?\t\n \\~0x.<";
        var random = new Random(20240611);
        for (var i = 0; i < 3000; i++)
        {
            var text = Mutate(fixtures[random.Next(fixtures.Length)], random, alphabet);
            try
            {
                YamlDocumentReader.Parse(text, "fuzz.yaml");
            }
            catch (ConfigSyntaxException e)
            {
                Assert.Matches(@"^fuzz\.yaml:\d+:\d+: ", e.Message);
            }

            if (i % 10 == 0)
            {
                var result = _dir.Load(text);
                Assert.True(result.Succeeded || result.Errors.Any(), "a failed load must say why");
            }
        }
    }

    private static string Mutate(string text, Random random, string alphabet)
    {
        var chars = new List<char>(text);
        var edits = random.Next(1, 6);
        for (var e = 0; e < edits && chars.Count > 0; e++)
        {
            var at = random.Next(chars.Count);
            switch (random.Next(5))
            {
                case 0:
                    chars.RemoveAt(at);
                    break;
                case 1:
                    chars.Insert(at, alphabet[random.Next(alphabet.Length)]);
                    break;
                case 2:
                    chars[at] = alphabet[random.Next(alphabet.Length)];
                    break;
                case 3:
                    var length = Math.Min(random.Next(1, 40), chars.Count - at);
                    chars.InsertRange(random.Next(chars.Count), chars.GetRange(at, length));
                    break;
                default:
                    chars.RemoveRange(at, chars.Count - at);
                    break;
            }
        }

        return new string([.. chars]);
    }
}
