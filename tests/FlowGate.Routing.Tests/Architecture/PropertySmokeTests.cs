using FlowGate.TestUtils;
using FsCheck.Fluent;

namespace FlowGate.Routing.Tests.Architecture;

public sealed class PropertySmokeTests
{
    private static int _count;

    [Fact]
    public void Property_RunsThousandCases()
    {
        _count = 0;
        PropertyCheck.ForAll(Gen.Choose(0, 100), x => { _count++; return x >= 0; });
        Assert.Equal(1000, _count);
        Assert.ThrowsAny<Exception>(() => PropertyCheck.ForAll(Gen.Choose(0, 100), x => x < 50));
    }
}
