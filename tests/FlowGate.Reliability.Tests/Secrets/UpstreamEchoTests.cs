using System.Text;
using FlowGate.Reliability.Tests.Harness;
using FlowGate.Routing.AspNetCore.Tests.Proxy;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Reliability.Tests.Secrets;

/// <summary>
/// An upstream (or a relay in front of it) that quotes the request's headers back — in a 400, 429 or 500 error body,
/// or in the text of a 200 answer, whole or streamed — must not hand the injected key to the client: FlowGate masks
/// every secret it injected in every byte and header it relays, pass-through and translated, and in its logs.
/// </summary>
public sealed class UpstreamEchoTests
{
    [Fact]
    public async Task AnUpstreamQuotingTheRequestHeaders_NeverShowsTheKey_ToAnyClient()
    {
        await using var upstream = HostileUpstream.Start();
        var models = new[] { "echo-400", "echo-429", "echo-500", "echo-200" };
        var routes = models.SelectMany(m => new[] { Route(m, Target("same", m)), Route("x-" + m, Target("anthropic", m)) }).ToArray();
        await using var gateway = await TestGateway.StartAsync(Configs.Gateway([Hostile.Instance("same", upstream), Hostile.Anthropic("anthropic", upstream)], routes));
        var seen = new StringBuilder();
        var answers = 0;
        foreach (var model in models.Concat(models.Select(m => "x-" + m)))
        {
            foreach (var client in Enum.GetValues<Client>())
            {
                foreach (var stream in (bool[])[true, false])
                {
                    using var response = await gateway.Client.SendAsync(Outcome.Request(client, model, stream, Guid.NewGuid().ToString()));
                    seen.AppendLine(response.Headers.ToString()).AppendLine(response.Content.Headers.ToString());
                    var body = await response.Content.ReadAsStringAsync();
                    seen.AppendLine(body);
                    answers += body.Contains("****", StringComparison.Ordinal) ? 1 : 0;
                }
            }
        }

        var everything = seen + string.Join("\n", gateway.Logs.Lines);
        foreach (var form in CanaryTests.Forms(UpstreamKey))
        {
            Assert.DoesNotContain(form, everything, StringComparison.OrdinalIgnoreCase);
        }

        // The canary was live: the upstream did quote the key, and the client saw the masked quote.
        Assert.True(answers > 20, $"only {answers} answers carried the masked key");
    }
}
