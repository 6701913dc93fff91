using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using FlowGate.Xgate.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FlowGate.Xgate.Tests.Auth;

/// <summary><c>auth login</c> against a fake CLIProxyAPI management API; <c>import-headless</c> and <c>auth status</c> on files.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AuthTests : IDisposable
{
    private const string ManagementKey = "mgmt-secret-key";

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A fake management API: the auth URL with a state, and a status that says "wait" <paramref name="waits"/> times, then <paramref name="final"/>.</summary>
    private static Task<FakeServer> ManagementAsync(ConcurrentQueue<string> seen, int waits, string final, string authPath = "/v0/management/codex-auth-url") =>
        FakeServer.StartAsync(app =>
        {
            var polls = 0;
            app.MapGet(authPath, (HttpContext c) =>
            {
                seen.Enqueue($"auth {c.Request.Headers.Authorization}");
                return Results.Json(new { status = "ok", url = "https://auth.openai.example/oauth/authorize?state=st-1", state = "st-1" });
            });
            app.MapGet("/v0/management/get-auth-status", (HttpContext c) =>
            {
                seen.Enqueue($"status state={c.Request.Query["state"]} {c.Request.Headers.Authorization}");
                return Interlocked.Increment(ref polls) <= waits
                    ? Results.Json(new { status = "wait" })
                    : Results.Json(new { status = final, error = final == "ok" ? null : "user denied access" });
            });
        });

    private string Config(string extra = "") => _dir.Write("flowgate.yaml", Configs.LaunchYaml(XgateProcess.FreePort(), extra));

    [Fact]
    public async Task Login_Success_PrintsTheUrlPollsWithStateAndSendsTheKey()
    {
        var seen = new ConcurrentQueue<string>();
        await using var api = await ManagementAsync(seen, waits: 2, final: "ok");
        var result = await XgateProcess.RunAsync(
            _dir.Path,
            new Dictionary<string, string?> { ["CLIPROXY_MANAGEMENT_KEY"] = ManagementKey },
            "--config", Config(), "auth", "login", "codex", "--management-url", api.BaseUrl.ToString(), "--poll-interval", "0.1");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("https://auth.openai.example/oauth/authorize?state=st-1", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("auth login codex: ok", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(ManagementKey, result.All, StringComparison.Ordinal);
        Assert.Contains($"auth Bearer {ManagementKey}", seen);
        Assert.Equal(3, seen.Count(s => s == $"status state=st-1 Bearer {ManagementKey}"));
    }

    [Fact]
    public async Task Login_FailureState_ExitsOneWithTheReason()
    {
        await using var api = await ManagementAsync(new ConcurrentQueue<string>(), waits: 1, final: "denied");
        var result = await XgateProcess.RunAsync(_dir.Path, "--config", Config(), "auth", "login", "codex", "--management-url", api.BaseUrl.ToString(), "--poll-interval", "0.1");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("denied: user denied access", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_NoResult_TimesOut()
    {
        await using var api = await ManagementAsync(new ConcurrentQueue<string>(), waits: int.MaxValue, final: "ok");
        var result = await XgateProcess.RunAsync(_dir.Path, "--config", Config(), "auth", "login", "codex", "--management-url", api.BaseUrl.ToString(), "--poll-interval", "0.1", "--timeout", "1");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no result within 1 s", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_SeedEndpointsInConfig_AreMappedToCliProxyApisRoutes()
    {
        var seen = new ConcurrentQueue<string>();
        await using var api = await ManagementAsync(seen, waits: 0, final: "completed", authPath: "/v0/management/antigravity-auth-url");
        var config = Config($$"""
            auth:
              providers:
                antigravity:
                  method: oauth_poll
                  auth_url_endpoint: {{api.BaseUrl}}v0/management/oauth/antigravity/auth-url
                  status_endpoint: {{api.BaseUrl}}v0/management/oauth/antigravity/status
            """);
        var result = await XgateProcess.RunAsync(_dir.Path, "--config", config, "auth", "login", "antigravity", "--poll-interval", "0.1");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("CLIProxyAPI does not serve", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("auth login antigravity: completed", result.Stdout, StringComparison.Ordinal);
        Assert.Contains(seen, s => s.StartsWith("status state=st-1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Login_ManagementApiAnswers401_NamesTheKeyVariable()
    {
        await using var api = await FakeServer.StartAsync(app => app.MapGet("/v0/management/github-copilot-auth-url", () => Results.StatusCode(401)));
        var result = await XgateProcess.RunAsync(_dir.Path, "--config", Config(), "auth", "login", "copilot", "--management-url", api.BaseUrl.ToString());
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("CLIPROXY_MANAGEMENT_KEY", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportHeadless_CodexAuthJson_Writes0600FileIn0700DirectoryAndNeverPrintsTokens()
    {
        var source = _dir.Write("codex-auth.json", """
            {"OPENAI_API_KEY": null, "tokens": {"id_token": "id-tok-123", "access_token": "acc-tok-456", "refresh_token": "ref-tok-789", "account_id": "acct-1"}, "last_refresh": "2025-01-01T00:00:00Z"}
            """);
        var result = await XgateProcess.RunAsync(_dir.Path, "--config", Config(), "auth", "import-headless", "codex", "--source", source);
        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var token in (string[])["id-tok-123", "acc-tok-456", "ref-tok-789"])
        {
            Assert.DoesNotContain(token, result.All, StringComparison.Ordinal);
        }

        var dir = Path.Combine(_dir.Path, "auths");
        var file = Path.Combine(dir, "codex-headless-import.json");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dir));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        var json = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        Assert.Equal("codex", (string?)json["type"]);
        Assert.Equal("bearer", (string?)json["token_type"]);
        Assert.Equal("acc-tok-456", (string?)json["access_token"]);
        Assert.Equal("ref-tok-789", (string?)json["refresh_token"]);
        Assert.Equal("id-tok-123", (string?)json["id_token"]);
        Assert.Equal("acct-1", (string?)json["account_id"]);
        Assert.Equal(6, json.AsObject().Count);

        var status = await XgateProcess.RunAsync(_dir.Path, "--config", Config(), "auth", "status");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Matches(@"codex-headless-import\.json\s*│\s*codex\s*│.*│\s*0600", status.Stdout);
        Assert.DoesNotContain("acc-tok-456", status.All, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"tokens": {"refresh_token": "ref-tok-789"}}""", "tokens.access_token")]
    [InlineData("""{"tokens": {"access_token": "acc-tok-456"}}""", "tokens.refresh_token")]
    [InlineData("""{"access_token": "acc-tok-456", "refresh_token": "ref-tok-789"}""", "tokens.access_token")]
    public async Task ImportHeadless_MissingField_NamesItAndWritesNothing(string json, string field)
    {
        var source = _dir.Write("auth.json", json);
        var result = await XgateProcess.RunAsync(_dir.Path, "--config", Config(), "auth", "import-headless", "codex", "--source", source);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(field + " is missing", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-", result.All, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir.Path, "auths", "codex-headless-import.json")));
    }

    [Fact]
    public async Task Status_LooseModesAndMissingFiles_AreWarnedAbout()
    {
        var auths = Directory.CreateDirectory(Path.Combine(_dir.Path, "auths")).FullName;
        var loose = Path.Combine(auths, "antigravity-me.json");
        await File.WriteAllTextAsync(loose, """{"type":"antigravity","access_token":"very-secret-value"}""");
        File.SetUnixFileMode(loose, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.SetUnixFileMode(auths, (UnixFileMode)Convert.ToInt32("755", 8));
        var config = Config("secret_files: [tokens/missing.json]");

        var status = await XgateProcess.RunAsync(_dir.Path, "--config", config, "auth", "status");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Matches(@"antigravity-me\.json\s*│\s*antigravity\s*│.*│\s*0644\s*│\s*mode 0644 is looser than 0600", status.Stdout);
        Assert.Contains("should be 0700", status.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"missing\.json\s*│\s*-\s*│\s*-\s*│\s*-\s*│\s*missing", status.Stdout);
        Assert.DoesNotContain("very-secret-value", status.All, StringComparison.Ordinal);
    }
}
