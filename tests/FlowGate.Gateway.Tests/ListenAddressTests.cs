namespace FlowGate.Gateway.Tests;

public sealed class ListenAddressTests
{
    [Theory]
    [InlineData("http://127.0.0.1:4000", true)]
    [InlineData("http://127.9.9.9:4000", true)]
    [InlineData("http://localhost:4000", true)]
    [InlineData("http://LOCALHOST:4000/", true)]
    [InlineData("http://[::1]:4000", true)]
    [InlineData("http://unix:/tmp/flowgate.sock", true)]
    [InlineData("http://0.0.0.0:4000", false)]
    [InlineData("http://*:4000", false)]
    [InlineData("http://+:4000", false)]
    [InlineData("http://[::]:4000", false)]
    [InlineData("http://192.168.1.5:4000", false)]
    [InlineData("http://example.com:4000", false)]
    [InlineData("https://10.0.0.1", false)]
    public void IsLoopback(string url, bool expected)
    {
        Assert.Equal(expected, ListenAddress.IsLoopback(url));
    }

    [Theory]
    [InlineData("127.0.0.1", 8145, "http://127.0.0.1:8145")]
    [InlineData("0.0.0.0", 4000, "http://0.0.0.0:4000")]
    [InlineData("::1", 4000, "http://[::1]:4000")]
    [InlineData("localhost", 80, "http://localhost:80")]
    public void Url(string host, int port, string expected)
    {
        Assert.Equal(expected, ListenAddress.Url(host, port));
    }

    [Fact]
    public void Split_SemicolonSeparated()
    {
        Assert.Equal(["http://127.0.0.1:1", "http://[::1]:2"], ListenAddress.Split(" http://127.0.0.1:1 ;http://[::1]:2;"));
    }
}
