using FlowGate.Config;

namespace FlowGate.Xgate.Auth;

/// <summary>
/// Where <c>xgate auth login</c> talks to CLIProxyAPI's management API. The base is <c>--management-url</c>, else
/// <c>CLIPROXY_MANAGEMENT_URL</c>, else the address of a <c>services.cliproxyapi*</c> entry, else
/// <c>http://127.0.0.1:8317</c>. <c>auth.providers.NAME.auth_url_endpoint</c> / <c>status_endpoint</c> (a path or a full
/// URL) override the defaults, CLIProxyAPI's own routes: <c>/v0/management/codex-auth-url</c>,
/// <c>/v0/management/github-copilot-auth-url</c> (CLIProxyAPIPlus), <c>/v0/management/antigravity-auth-url</c>, polled at
/// <c>/v0/management/get-auth-status?state=STATE</c>. The LiteLLM-based xgate's example paths
/// (<c>/v0/management/oauth/NAME/auth-url</c> and <c>…/status</c>), which CLIProxyAPI never served, are mapped to these.
/// </summary>
internal sealed record ManagementEndpoints(Uri AuthUrl, Uri Status, IReadOnlyList<string> Notes)
{
    public const string DefaultBase = "http://127.0.0.1:8317";

    public const string KeyVariable = "CLIPROXY_MANAGEMENT_KEY";

    public const string UrlVariable = "CLIPROXY_MANAGEMENT_URL";

    public static readonly string[] Providers = ["codex", "copilot", "antigravity"];

    public static ManagementEndpoints Resolve(FlowGateConfig config, string provider, string? managementUrl, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(environment);
        var notes = new List<string>();
        var baseUrl = managementUrl is { Length: > 0 } ? managementUrl
            : environment(UrlVariable) is { Length: > 0 } fromEnv ? fromEnv
            : null;
        if (baseUrl is null)
        {
            var service = config.Services.FirstOrDefault(s => s.Name.StartsWith("cliproxy", StringComparison.OrdinalIgnoreCase));
            baseUrl = service is not null ? $"http://{(service.Host is "0.0.0.0" or "" ? "127.0.0.1" : service.Host)}:{service.Port}" : DefaultBase;
        }

        var root = new Uri(baseUrl.TrimEnd('/') + "/");
        var configured = config.AuthProviders.FirstOrDefault(p => string.Equals(p.Name, provider, StringComparison.OrdinalIgnoreCase));
        var route = provider == "copilot" ? "github-copilot" : provider;
        var authUrl = Map(configured?.AuthUrlEndpoint, $"/v0/management/oauth/{provider}/auth-url", $"/v0/management/{route}-auth-url", notes);
        var status = Map(configured?.StatusEndpoint, $"/v0/management/oauth/{provider}/status", "/v0/management/get-auth-status", notes);
        return new ManagementEndpoints(new Uri(root, authUrl), new Uri(root, status), notes);
    }

    private static string Map(string? configured, string seedPath, string real, List<string> notes)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return real;
        }

        var path = Uri.TryCreate(configured, UriKind.Absolute, out var absolute) ? absolute.AbsolutePath : configured;
        if (string.Equals(path.TrimEnd('/'), seedPath, StringComparison.OrdinalIgnoreCase))
        {
            notes.Add($"{configured} is the LiteLLM-based xgate's example endpoint, which CLIProxyAPI does not serve; using {real}.");
            return absolute is not null ? new Uri(absolute, real).ToString() : real;
        }

        return configured;
    }
}
