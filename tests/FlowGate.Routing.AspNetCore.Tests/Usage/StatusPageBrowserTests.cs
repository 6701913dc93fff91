using System.Net;
using System.Text.Json;
using FlowGate.MockUpstream;
using FlowGate.Routing.AspNetCore.Tests.Proxy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using Xunit.Abstractions;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Routing.AspNetCore.Tests.Usage;

/// <summary>
/// The status page in a real headless browser: Debian's chromium driven by its chromedriver (installed by
/// <c>scripts/ci-setup-chromium.sh</c>), against a gateway on real Kestrel with the mock upstream and traffic running.
/// The browser may reach 127.0.0.1 only, and Selenium is given the driver and browser by path, so nothing is downloaded.
/// With <c>FLOWGATE_UPDATE_SCREENSHOT=1</c> the screenshot is also copied to <c>docs/images/status-page.png</c>.
/// </summary>
public sealed class StatusPageBrowserTests : IAsyncLifetime
{
    public const string SetupScript = "scripts/ci-setup-chromium.sh";

    private const string AliceKey = "gw-alice-browser-canary-4b7e";
    private const string CiKey = "gw-ci-browser-canary-a913";
    private const string ChromiumPath = "/usr/bin/chromium";
    private const string DriverPath = "/usr/bin/chromedriver";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static long _sent;

    private readonly ITestOutputHelper _output;
    private readonly ShiftedClock _clock = new();
    private MockUpstreamServer _mock = null!;

    public StatusPageBrowserTests(ITestOutputHelper output) => _output = output;

    public async Task InitializeAsync() => _mock = await MockUpstreamServer.StartAsync();

    public async Task DisposeAsync() => await _mock.DisposeAsync();

    [Fact]
    public async Task StatusPage_ShowsRoutesAnEjectedTargetAndTheLedgersTokens_LiveInAHeadlessBrowser()
    {
        if (!File.Exists(ChromiumPath) || !File.Exists(DriverPath))
        {
            var missing = $"chromium ({ChromiumPath}) and chromedriver ({DriverPath}) are needed for the status page's browser test; run {SetupScript} (apt-get install chromium chromium-driver).";
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", missing);
            _output.WriteLine("SKIPPED: " + missing);
            Console.WriteLine("SKIPPED: " + missing);
            return;
        }

        await using var gateway = await TestGateway.StartAsync(Config(), s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(_clock)));

        // Half an hour of traffic, a minute at a time on a clock moved ahead, so the page's charts have a history.
        for (var minute = 0; minute < 30; minute++)
        {
            var requests = 2 + (int)(4 * (1 + Math.Sin(minute / 4.0)));
            for (var i = 0; i < requests; i++)
            {
                // Now and then a request every target fails: the error chart has something to show.
                await SendAsync(gateway, i % 3 == 0 ? "review" : "chat", minute % 7 == 3 && i == 0 ? "status:500" : null);
            }

            _clock.Offset += TimeSpan.FromMinutes(1);
        }

        // The injected 429 ejects chat's first target for two minutes; the second target answers.
        Assert.Equal(HttpStatusCode.OK, await SendAsync(gateway, "chat", "status:429;retry-after:120;times:1"));
        using var stopTraffic = new CancellationTokenSource();
        var traffic = Task.Run(() => TrafficAsync(gateway, stopTraffic.Token));
        try
        {
            await CheckPageAsync(gateway, stopTraffic, traffic);
        }
        finally
        {
            await stopTraffic.CancelAsync();
            await traffic;
        }
    }

    private static async Task CheckPageAsync(TestGateway gateway, CancellationTokenSource stopTraffic, Task traffic)
    {
        using var browser = Browser.Start();
        // The gateway has keys, so the page asks for one; the test gives it the way the page keeps it (session storage).
        browser.Driver.Navigate().GoToUrl(new Uri(gateway.BaseUrl, "/health/liveliness"));
        ((IJavaScriptExecutor)browser.Driver).ExecuteScript($"sessionStorage.setItem('flowgate-key', '{AliceKey}')");
        browser.Driver.Navigate().GoToUrl(new Uri(gateway.BaseUrl, "/flowgate/"));

        // Live: the page has rendered at least two status events from the SSE feed.
        await WaitAsync(browser, d => Int(d, "return Number(document.body.dataset.updates || 0)") >= 2, "two live status updates");

        // The page re-renders on every update: each check reads the page in one script, never holding an element.
        Assert.Equal("chat,review", Text(browser.Driver, "return [...new Set([...document.querySelectorAll('#routes tbody tr')].map(r => r.dataset.route))].sort().join(',')"));
        var ejected = Text(browser.Driver, "const c = document.querySelector(\"#routes tr[data-route='chat'][data-upstream='up-a'] td.state\"); return c ? c.dataset.state + '|' + c.textContent : ''");
        Assert.StartsWith("ejected|ejected (rate) until ", ejected, StringComparison.Ordinal);
        Assert.Equal("ok|ok", Text(browser.Driver, "const c = document.querySelector(\"#routes tr[data-route='chat'][data-upstream='up-b'] td.state\"); return c ? c.dataset.state + '|' + c.textContent : ''"));

        // Traffic stops; the page's usage total comes to equal the usage API's.
        await stopTraffic.CancelAsync();
        await traffic;
        using var usageRequest = new HttpRequestMessage(HttpMethod.Get, "/flowgate/api/usage?since=1d&by=route");
        usageRequest.Headers.Add("x-api-key", AliceKey);
        using var usageResponse = await gateway.Client.SendAsync(usageRequest);
        using var usage = JsonDocument.Parse(await usageResponse.Content.ReadAsStringAsync());
        var expected = usage.RootElement.GetProperty("total").GetProperty("tokens").GetProperty("total").GetInt64();
        Assert.True(expected > 0);
        await WaitAsync(browser, d => Int(d, "const c = document.querySelector(\"#usage tr[data-name='total'] td.total\"); return c ? Number(c.dataset.value) : -1") == expected, $"the page's usage total to be {expected}");
        Assert.Equal(expected.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), Text(browser.Driver, "return document.querySelector(\"#usage tr[data-name='total'] td.total\").textContent"));

        // The named keys' budgets; no key value anywhere on the page.
        Assert.Equal("alice,ci-bot", Text(browser.Driver, "return [...document.querySelectorAll('#keys tbody tr')].map(r => r.dataset.key).join(',')"));
        var page = Text(browser.Driver, "return document.body.innerText");
        Assert.DoesNotContain(AliceKey, page, StringComparison.Ordinal);
        Assert.DoesNotContain(CiKey, page, StringComparison.Ordinal);

        // The charts were drawn from the last hour's minutes.
        Assert.True(Int(browser.Driver, "return Number(document.getElementById('chart-requests').dataset.total)") > 30);
        Assert.True(Int(browser.Driver, "return document.querySelectorAll('#chart-tokens rect').length") > 0);

        var screenshot = Path.Combine(Path.GetTempPath(), $"flowgate-status-page-{Guid.NewGuid():N}.png");
        ((ITakesScreenshot)browser.Driver).GetScreenshot().SaveAsFile(screenshot);
        Console.WriteLine("screenshot: " + screenshot);
        if (Environment.GetEnvironmentVariable("FLOWGATE_UPDATE_SCREENSHOT") == "1")
        {
            File.Copy(screenshot, Path.Combine(RepoRoot(), "docs", "images", "status-page.png"), overwrite: true);
        }

        File.Delete(screenshot);
    }

    private static string Text(IWebDriver driver, string script) => Convert.ToString(((IJavaScriptExecutor)driver).ExecuteScript(script), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;

    private static long Int(IWebDriver driver, string script) => Convert.ToInt64(((IJavaScriptExecutor)driver).ExecuteScript(script), System.Globalization.CultureInfo.InvariantCulture);

    private static async Task WaitAsync(Browser browser, Func<IWebDriver, bool> done, string what)
    {
        using var patience = new CancellationTokenSource(Patience);
        while (!done(browser.Driver))
        {
            if (patience.IsCancellationRequested)
            {
                Assert.Fail($"The status page did not show {what} within {Patience.TotalSeconds} s.");
            }

            await Task.Delay(100);
        }
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FlowGate.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("FlowGate.sln not found above " + AppContext.BaseDirectory);
    }

    private static async Task TrafficAsync(TestGateway gateway, CancellationToken stop)
    {
        var i = 0;
        while (!stop.IsCancellationRequested)
        {
            await SendAsync(gateway, i++ % 2 == 0 ? "chat" : "review", null);
            try
            {
                await Task.Delay(150, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task<HttpStatusCode> SendAsync(TestGateway gateway, string route, string? fault)
    {
        // A text of its own per request: the mock counts a fault's "times" per request (by body, without an id).
        var n = Interlocked.Increment(ref _sent);
        using var request = Requests.Messages(route, "status page traffic " + n, requestId: "status-page-" + n);
        request.Headers.Add(MockHeaders.Usage, route == "review" ? "900,350,1200,0,0" : "320,140,0,40,0");
        request.Headers.Add("x-api-key", route == "review" ? CiKey : AliceKey);
        if (fault is not null)
        {
            request.Headers.Add(MockHeaders.Fault, fault);
        }

        using var response = await gateway.Client.SendAsync(request);
        return response.StatusCode;
    }

    private GatewayConfig Config() => Gateway(
        [Anthropic("up-a", _mock), Anthropic("up-b", _mock), Anthropic("up-c", _mock)],
        Route("chat", Target("up-a", "claude-sonnet"), Target("up-b", "claude-sonnet-backup") with { RequestsPerMinute = 600 }) with { Policy = SelectionPolicy.First },
        Route("review", Target("up-c", "claude-opus", weight: 3) with { TokensPerMinute = 2_000_000 }, Target("up-b", "claude-opus-backup", weight: 1))) with
    {
        NamedKeys =
        [
            new GatewayKey { Name = "alice", Key = new Secret(AliceKey, "test:alice"), MaxDailyTokens = 250_000 },
            new GatewayKey { Name = "ci-bot", Key = new Secret(CiKey, "test:ci") },
        ],
    };

    /// <summary>The real clock moved ahead by <see cref="Offset"/>: timers and elapsed times stay real.</summary>
    private sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
    }

    /// <summary>Headless chromium through its chromedriver, both by path; quit (and the driver process ended) on dispose.</summary>
    private sealed class Browser : IDisposable
    {
        private readonly ChromeDriverService _service;

        private Browser(ChromeDriverService service, ChromeDriver driver)
        {
            _service = service;
            Driver = driver;
        }

        public ChromeDriver Driver { get; }

        public static Browser Start()
        {
            // Selenium Manager (which may download drivers and browsers) must never run: a path that does not exist
            // makes any attempt fail loudly instead of reaching the network.
            Environment.SetEnvironmentVariable("SE_MANAGER_PATH", "/nonexistent/selenium-manager");
            Environment.SetEnvironmentVariable("SE_OFFLINE", "true");
            Environment.SetEnvironmentVariable("SE_AVOID_STATS", "true");
            var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
            service.HideCommandPromptWindow = true;
            service.SuppressInitialDiagnosticInformation = true;
            var options = new ChromeOptions { BinaryLocation = ChromiumPath };
            options.AddArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--window-size=1440,2000",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--lang=en-US",
                // Every host name resolves to nothing except loopback: the page must work offline.
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1");
            try
            {
                return new Browser(service, new ChromeDriver(service, options, TimeSpan.FromSeconds(60)));
            }
            catch
            {
                service.Dispose();
                throw;
            }
        }

        public void Dispose()
        {
            try
            {
                Driver.Quit();
            }
            finally
            {
                Driver.Dispose();
                _service.Dispose();
            }
        }
    }
}
