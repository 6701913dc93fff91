using FlowGate.Gateway.Tests.Support;

namespace FlowGate.Gateway.Tests;

/// <summary>With no gateway key configured, FlowGate binds loopback only and refuses another address.</summary>
public sealed class LoopbackGuardTests
{
    [Fact]
    public async Task Demo_OnAllInterfaces_RefusesToStart()
    {
        await using var gateway = GatewayProcess.Start("--urls", $"http://0.0.0.0:{GatewayProcess.FreePort()}");

        Assert.Equal(1, await gateway.WaitForExitAsync());
        Assert.Contains("refusing to listen on http://0.0.0.0:", gateway.StandardError, StringComparison.Ordinal);
        Assert.Contains("no gateway key is configured", gateway.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", gateway.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigHostOnAllInterfaces_WithoutKeys_RefusesToStart()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("providers.toml", ConfigModeTests.ProvidersToml(GatewayProcess.FreePort(), 1, "r1").Replace("[gateway]", "[gateway]\nhost = \"0.0.0.0\"", StringComparison.Ordinal));

        await using var gateway = GatewayProcess.Start("--config", file);

        Assert.Equal(1, await gateway.WaitForExitAsync());
        Assert.Contains("refusing to listen on http://0.0.0.0:", gateway.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigHostOnAllInterfaces_WithAKey_Starts()
    {
        using var dir = new TempDirectory();
        var port = GatewayProcess.FreePort();
        var file = dir.Write("providers.toml", ConfigModeTests.ProvidersToml(port, 1, "r1").Replace("[gateway]", "[gateway]\nhost = \"0.0.0.0\"\napi_keys = [\"${FLOWGATE_TEST_KEY}\"]", StringComparison.Ordinal));

        await using var gateway = GatewayProcess.Start(new Dictionary<string, string> { ["FLOWGATE_TEST_KEY"] = "sk-test-gateway-key" }, "--config", file);
        var address = await gateway.WaitForListeningAsync();

        Assert.Equal(port, address.Port);
        Assert.DoesNotContain("sk-test-gateway-key", gateway.StandardOutput + gateway.StandardError, StringComparison.Ordinal);
    }
}
