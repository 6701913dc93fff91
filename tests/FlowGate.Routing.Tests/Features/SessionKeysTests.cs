using FlowGate.Routing.Features;

namespace FlowGate.Routing.Tests.Features;

public sealed class SessionKeysTests
{
    private static readonly RequestFeatures Both = new() { MetadataSessionId = "meta", PromptCacheKey = "cache" };

    [Fact]
    public void Choose_FollowsSpecOrder()
    {
        Assert.Equal("claude", SessionKeys.Choose("claude", Both, "codex", "x"));
        Assert.Equal("meta", SessionKeys.Choose(null, Both, "codex", "x"));
        Assert.Equal("cache", SessionKeys.Choose(null, Both with { MetadataSessionId = null }, "codex", "x"));
        Assert.Equal("codex", SessionKeys.Choose(null, RequestFeatures.Empty, "codex", "x"));
        Assert.Equal("x", SessionKeys.Choose(null, RequestFeatures.Empty, null, "x"));
        Assert.Null(SessionKeys.Choose(null, RequestFeatures.Empty, null, null));
    }

    [Fact]
    public void Choose_PassesOverEmptyWhiteSpaceAndOverlongValues()
    {
        var overlong = new string('k', SessionKeys.MaxLength + 1);
        var longest = new string('k', SessionKeys.MaxLength);

        Assert.Equal("x", SessionKeys.Choose("", new RequestFeatures { MetadataSessionId = "  ", PromptCacheKey = overlong }, "\t", "x"));
        Assert.Equal(longest, SessionKeys.Choose(longest, RequestFeatures.Empty, null, null));
    }

    [Fact]
    public void Choose_WithLookup_AsksOnlyAsFarAsNeeded()
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [SessionKeys.ClaudeCodeSessionHeader] = "",
            [SessionKeys.CodexSessionHeader] = "codex",
            [SessionKeys.SessionIdHeader] = "x",
        };
        var asked = new List<string>();

        var key = SessionKeys.Choose(RequestFeatures.Empty, headers, (h, name) =>
        {
            asked.Add(name);
            return h.GetValueOrDefault(name);
        });

        Assert.Equal("codex", key);
        Assert.Equal(["x-claude-code-session-id", "session-id"], asked);
    }

    [Fact]
    public void HeaderNames_AreTheClientsOwn()
    {
        Assert.Equal("x-claude-code-session-id", SessionKeys.ClaudeCodeSessionHeader);
        Assert.Equal("session-id", SessionKeys.CodexSessionHeader);
        Assert.Equal("x-session-id", SessionKeys.SessionIdHeader);
    }
}
