using FlowGate.MockUpstream.Faults;

namespace FlowGate.MockUpstream.Tests.Faults;

public sealed class MockFaultTests
{
    [Fact]
    public void Parse_ReadsEveryItem()
    {
        var fault = MockFault.Parse("status:429; retry-after-date:5, times:2;slow-headers:10;stall-after:1;cut-after:2;malformed-after:3;reset-after-bytes:4;first-event-error;redirect;context;signature;reset-before-headers;message:hi there");

        Assert.Equal(429, fault.Status);
        Assert.Equal(5, fault.RetryAfterSeconds);
        Assert.True(fault.RetryAfterAsDate);
        Assert.Equal(2, fault.Times);
        Assert.Equal(10, fault.SlowHeadersMs);
        Assert.Equal(1, fault.StallAfter);
        Assert.Equal(2, fault.CutAfter);
        Assert.Equal(3, fault.MalformedAfter);
        Assert.Equal(4, fault.ResetAfterBytes);
        Assert.True(fault.FirstEventError && fault.Redirect && fault.Context && fault.Signature && fault.ResetBeforeHeaders);
        Assert.Equal("hi there", fault.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("none")]
    [InlineData("times:3")]
    public void Parse_NothingToDo_IsNone(string? spec) => Assert.True(MockFault.Parse(spec).IsNone);

    [Theory]
    [InlineData("explode")]
    [InlineData("status")]
    [InlineData("status:abc")]
    [InlineData("status:99")]
    [InlineData("stall-after:-1")]
    public void Parse_BadSpec_Throws(string spec) => Assert.Throws<FormatException>(() => MockFault.Parse(spec));
}
