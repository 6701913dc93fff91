using System.Net;
using FlowGate.Routing.AspNetCore.Auth;

namespace FlowGate.Routing.AspNetCore.Tests.Auth;

public sealed class LoopbackAddressesTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5000", true)]
    [InlineData("http://127.0.0.1:0", true)]
    [InlineData("https://[::1]:443", true)]
    [InlineData("http://localhost:8145", true)]
    [InlineData("http://LOCALHOST:8145/", true)]
    [InlineData("http://unix:/tmp/flowgate.sock", true)]
    [InlineData("http://[::ffff:127.0.0.1]:4000", true)]
    [InlineData("http://0.0.0.0:4000", false)]
    [InlineData("http://[::]:4000", false)]
    [InlineData("http://*:4000", false)]
    [InlineData("http://+:4000", false)]
    [InlineData("http://192.168.1.20:4000", false)]
    [InlineData("http://gateway.lan:4000", false)]
    [InlineData("http://localhost.evil.example:4000", false)]
    public void IsLoopbackListenAddress(string address, bool expected) =>
        Assert.Equal(expected, LoopbackAddresses.IsLoopbackListenAddress(address));

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("0.0.0.0", false)]
    [InlineData("::", false)]
    [InlineData("::ffff:10.1.2.3", false)]
    public void IsLoopback(string address, bool expected) =>
        Assert.Equal(expected, LoopbackAddresses.IsLoopback(IPAddress.Parse(address)));
}
