using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AzSync.Testing;

/// <summary>
/// A loopback HTTP proxy in front of a real service (Azurite) that a test can steer: hold a request until the test
/// has done something (a deterministic window, no sleeps), or let a request through and lose its answer as a
/// connection reset would. Everything else passes through unchanged; signatures survive, they do not cover the port.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _client = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    private readonly Uri _target;
    private int _lost;

    private FaultProxy(WebApplication app, Uri target) => (_app, _target) = (app, target);

    /// <summary>Awaited before a request is forwarded: a test holds
    /// a request by returning a task it completes later.</summary>
    public Func<HttpRequest, Task>? Hold { get; set; }

    /// <summary>The first request this matches reaches the service, and its answer is thrown away.</summary>
    public Func<HttpRequest, bool>? LoseFirstAnswer { get; set; }

    public int Lost => _lost;

    /// <summary>Seeded random faults on every request (resets,
    /// lost answers, cut bodies, 503s, lying listings).</summary>
    public RandomFaults? Faults { get; set; }

    /// <summary>The target's address as seen through the proxy, e.g. http://127.0.0.1:PROXY/devstoreaccount1.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <param name="target">The service endpoint with its path (Azurite's BlobEndpoint).</param>
    public static async Task<FaultProxy> StartAsync(Uri target)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var proxy = new FaultProxy(app, target);
        app.Run(proxy.ForwardAsync);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        proxy.Endpoint = new Uri($"http://127.0.0.1:{address.Port}{target.AbsolutePath}");
        return proxy;
    }

    private async Task ForwardAsync(HttpContext ctx)
    {
        var request = ctx.Request;
        if (Hold is { } hold) await hold(request);
        var fault = Faults?.Choose(request) ?? FaultKind.None;
        if (fault != FaultKind.None && await Faults!.BeforeAsync(ctx, fault)) return;
        var pathAndQuery = request.Path.ToUriComponent() + request.QueryString.ToUriComponent();
        var uri = new Uri($"{_target.Scheme}://{_target.Authority}{pathAndQuery}");
        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), uri);
        if (request.ContentLength is not null || request.Headers.ContainsKey("Transfer-Encoding"))
            forward.Content = new StreamContent(request.Body);
        foreach (var (name, values) in request.Headers)
        {
            if (name is "Host" or "Transfer-Encoding") continue;
            if (!forward.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
                forward.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }
        using var answer =
            await _client.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, ctx.RequestAborted);
        if (LoseFirstAnswer is { } lose && lose(request) && Interlocked.Exchange(ref _lost, 1) == 0)
        {
            await answer.Content.ReadAsByteArrayAsync(ctx.RequestAborted);
            ctx.Abort();
            return;
        }
        if (fault != FaultKind.None && await Faults!.AfterAsync(ctx, answer, fault)) return;
        ctx.Response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
            if (name != "Transfer-Encoding") ctx.Response.Headers[name] = values.ToArray();
        await answer.Content.CopyToAsync(ctx.Response.Body, ctx.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _client.Dispose();
    }
}
