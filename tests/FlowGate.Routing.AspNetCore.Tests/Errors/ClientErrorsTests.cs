using System.Globalization;
using System.Net;
using System.Text.Json;
using FlowGate.Routing.AspNetCore.Errors;
using FlowGate.Routing.AspNetCore.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FlowGate.Routing.AspNetCore.Tests.Errors;

public sealed class ClientErrorsTests : IAsyncLifetime
{
    // kind, OpenAI status, Anthropic status, Anthropic type, OpenAI type, OpenAI code
    public static readonly TheoryData<string, int, int, string, string, string?> Kinds = new()
    {
        { "InvalidRequest", 400, 400, "invalid_request_error", "invalid_request_error", null },
        { "Authentication", 401, 401, "authentication_error", "authentication_error", "invalid_api_key" },
        { "Permission", 403, 403, "permission_error", "permission_error", null },
        { "NotFound", 404, 404, "not_found_error", "not_found_error", null },
        { "MethodNotAllowed", 405, 405, "invalid_request_error", "invalid_request_error", "method_not_allowed" },
        { "RequestTooLarge", 413, 413, "request_too_large", "invalid_request_error", "request_too_large" },
        { "RequestTimeout", 408, 408, "timeout_error", "invalid_request_error", "request_timeout" },
        { "UnsupportedMediaType", 415, 415, "invalid_request_error", "invalid_request_error", "unsupported_media_type" },
        { "RateLimited", 429, 429, "rate_limit_error", "rate_limit_exceeded", "rate_limit_exceeded" },
        { "Overloaded", 503, 529, "overloaded_error", "server_error", "server_is_overloaded" },
        { "BadGateway", 502, 502, "api_error", "server_error", "bad_gateway" },
        { "Timeout", 504, 504, "timeout_error", "server_error", "timeout" },
        { "Internal", 500, 500, "api_error", "server_error", null },
        { "NotImplemented", 501, 501, "api_error", "server_error", "not_implemented" },
        { "Busy", 503, 503, "overloaded_error", "server_error", "server_is_overloaded" },
    };

    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync(TestConfigs.NoKeys(), MapTestEndpoints);

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public void Kinds_CoverEveryErrorKind() =>
        Assert.Equal(Enum.GetNames<ErrorKind>().Order(), Kinds.Select(row => (string)row[0]).Order());

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task WriteAsync_Anthropic_StatusAndErrorObject(string kind, int openAIStatus, int anthropicStatus, string anthropicType, string openAIType, string? openAICode)
    {
        _ = (openAIStatus, openAIType, openAICode);
        using var response = await _gateway.Client.GetAsync($"/test/error?kind={kind}&protocol=AnthropicMessages&message=went+wrong");

        Assert.Equal(anthropicStatus, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("error", body.RootElement.GetProperty("type").GetString());
        var error = body.RootElement.GetProperty("error");
        Assert.Equal(anthropicType, error.GetProperty("type").GetString());
        Assert.Equal("went wrong", error.GetProperty("message").GetString());
        Assert.Equal(["type", "message"], error.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task WriteAsync_OpenAI_StatusAndErrorObject(string kind, int openAIStatus, int anthropicStatus, string anthropicType, string openAIType, string? openAICode)
    {
        _ = (anthropicStatus, anthropicType);
        foreach (var protocol in new[] { "OpenAIChat", "OpenAIResponses" })
        {
            using var response = await _gateway.Client.GetAsync($"/test/error?kind={kind}&protocol={protocol}&message=went+wrong");

            Assert.Equal(openAIStatus, (int)response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(["error"], body.RootElement.EnumerateObject().Select(p => p.Name));
            var error = body.RootElement.GetProperty("error");
            Assert.Equal(["message", "type", "param", "code"], error.EnumerateObject().Select(p => p.Name));
            Assert.Equal("went wrong", error.GetProperty("message").GetString());
            Assert.Equal(openAIType, error.GetProperty("type").GetString());
            Assert.Equal(JsonValueKind.Null, error.GetProperty("param").ValueKind);
            Assert.Equal(openAICode, error.GetProperty("code").GetString());
        }
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(0.001, "1")]
    [InlineData(1.0, "1")]
    [InlineData(1.2, "2")]
    [InlineData(119.5, "120")]
    [InlineData(-3.0, "0")]
    public async Task WriteAsync_RetryAfter_WholeSecondsRoundedUp(double seconds, string expected)
    {
        using var response = await _gateway.Client.GetAsync(
            $"/test/error?kind=Overloaded&protocol=AnthropicMessages&message=busy&retry={seconds.ToString(CultureInfo.InvariantCulture)}");

        Assert.Equal(529, (int)response.StatusCode);
        Assert.Equal(expected, Assert.Single(response.Headers.GetValues("Retry-After")));
    }

    [Fact]
    public async Task WriteAsync_NoRetryAfter_NoHeader()
    {
        using var response = await _gateway.Client.GetAsync("/test/error?kind=RateLimited&protocol=OpenAIChat&message=slow");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.False(response.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task WriteAsync_MessageWithJsonAndSseSpecials_RoundTrips()
    {
        const string Message = "quote \" backslash \\ newline \n\n data: [DONE] </script> ünïcode";
        using var response = await _gateway.Client.GetAsync($"/test/error?kind=InvalidRequest&protocol=OpenAIChat&message={Uri.EscapeDataString(Message)}");

        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain('\n', text);
        using var body = JsonDocument.Parse(text);
        Assert.Equal(Message, body.RootElement.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task WriteAsync_AfterResponseStarted_WritesNothingAndDoesNotThrow()
    {
        using var response = await _gateway.Client.GetAsync("/test/started");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("partial|no-throw", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task MethodNotAllowed_OnInferencePath_AllowPost()
    {
        using var request = TestGateway.Get("/v1/messages", anthropicVersion: "2023-06-01");
        using var response = await _gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("error", body.RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Authentication_HasWwwAuthenticateBearer()
    {
        using var response = await _gateway.Client.GetAsync("/test/error?kind=Authentication&protocol=OpenAIResponses&message=no");

        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Fact]
    public async Task UnknownModelAsync_OpenAI_ModelNotFoundWithParamAndSuggestion()
    {
        using var response = await _gateway.Client.GetAsync("/test/unknown-model?protocol=OpenAIResponses");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = body.RootElement.GetProperty("error");
        Assert.Equal("not_found_error", error.GetProperty("type").GetString());
        Assert.Equal("model_not_found", error.GetProperty("code").GetString());
        Assert.Equal("model", error.GetProperty("param").GetString());
        Assert.Contains("'sonet'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("Did you mean 'sonnet'?", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownModelAsync_Anthropic_NotFoundError()
    {
        using var response = await _gateway.Client.GetAsync("/test/unknown-model?protocol=AnthropicMessages");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("not_found_error", body.RootElement.GetProperty("error").GetProperty("type").GetString());
    }

    private static void MapTestEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/test/error", (HttpContext context) =>
        {
            var query = context.Request.Query;
            var kind = Enum.Parse<ErrorKind>(query["kind"]!);
            var protocol = Enum.Parse<ClientProtocol>(query["protocol"]!);
            TimeSpan? retry = query.TryGetValue("retry", out var r) ? TimeSpan.FromSeconds(double.Parse(r!, CultureInfo.InvariantCulture)) : null;
            return ClientErrors.WriteAsync(context, protocol, kind, query["message"]!, retry);
        });
        endpoints.MapGet("/test/unknown-model", (HttpContext context) =>
            ClientErrors.UnknownModelAsync(context, Enum.Parse<ClientProtocol>(context.Request.Query["protocol"]!), "sonet", "sonnet"));
        endpoints.MapGet("/test/started", async (HttpContext context) =>
        {
            await context.Response.WriteAsync("partial");
            await context.Response.Body.FlushAsync();
            await ClientErrors.WriteAsync(context, ClientProtocol.OpenAIChat, ErrorKind.BadGateway, "too late");
            await context.Response.WriteAsync("|no-throw");
        });
    }
}
