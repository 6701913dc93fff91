using FlowGate.Config;
using FlowGate.Config.Settings;
using FlowGate.Routing.AspNetCore.Configuration;

namespace FlowGate.Routing.AspNetCore.Tests.Configuration;

/// <summary>A loaded file's gateway limits become the limits the proxy serves by.</summary>
public sealed class FileConfigMappingTests
{
    [Fact]
    public void Map_TakesTheFilesLimits_ConcurrencyIncluded()
    {
        var file = new FlowGateConfig
        {
            Format = ConfigFormat.ProvidersToml,
            SourcePath = "providers.toml",
            Routing = new RoutingConfig(),
            Gateway = new GatewaySettings { MaxConcurrentRequests = 20_000, MaxBufferedBodyBytes = 1024 },
        };

        var limits = FileConfigMapping.Map(file).Limits;

        Assert.Equal(20_000, limits.MaxConcurrentRequests);
        Assert.Equal(1024, limits.MaxBufferedBodyBytes);
    }

    [Fact]
    public void Map_WithoutTheKey_KeepsTheDefaultLimit()
    {
        var file = new FlowGateConfig { Format = ConfigFormat.ProvidersToml, SourcePath = "providers.toml", Routing = new RoutingConfig() };

        Assert.Equal(GatewayLimits.Default.MaxConcurrentRequests, FileConfigMapping.Map(file).Limits.MaxConcurrentRequests);
    }
}
