using System.Collections.ObjectModel;
using System.Net.Sockets;
using Azure;

namespace AzSync.Azure.Rest;

/// <summary>
/// A request that never got an answer (refused, unknown host, timed out, TLS failed), in a few words. Azure.Core
/// reports it after its retries as an AggregateException with one failure per attempt, or as the failure itself
/// when there was one attempt; either way the user needs the host and the reason, not six copies of a stack.
/// </summary>
internal sealed record NetworkFailure(string Reason, int Attempts)
{
    /// <summary>Host and port only: a URL here could carry a SAS.</summary>
    public string CannotReach(Uri endpoint) =>
        $"cannot reach {endpoint.Authority} ({Reason}) after {Attempts} attempt{(Attempts == 1 ? "" : "s")}";

    /// <summary>Null unless every attempt failed on the network. An attempt cancelled by the user (Ctrl+C) is not a
    /// network failure: it has to surface as a cancellation so the run exits 130.</summary>
    public static NetworkFailure? From(Exception e)
    {
        var attempts = e is AggregateException a ? a.InnerExceptions : new ReadOnlyCollection<Exception>([e]);
        if (attempts.Count == 0 || !attempts.All(IsNetwork)) return null;
        return new NetworkFailure(ReasonOf(attempts[^1]), attempts.Count);
    }

    /// <summary>The first network failure in <paramref name="e"/>
    /// or what it wraps (Azure.Identity wraps its own).</summary>
    public static NetworkFailure? FindIn(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (From(x) is { } found) return found;
        return null;
    }

    /// <summary>A user's Ctrl+C among the attempts, which must win over anything else they report.</summary>
    public static OperationCanceledException? Cancellation(AggregateException e) =>
        e.InnerExceptions.OfType<OperationCanceledException>()
            .FirstOrDefault(o => o.CancellationToken.IsCancellationRequested);

    private static bool IsNetwork(Exception e) => e switch
    {
        RequestFailedException r => r.Status == 0 && r.InnerException is not null && IsNetwork(r.InnerException),
        OperationCanceledException o => !o.CancellationToken.IsCancellationRequested, // Azure.Core's network timeout
        HttpRequestException or HttpIOException or SocketException => true,
        IOException io => io.InnerException is SocketException, // not a local file's: those are the user's to fix
        _ => false,
    };

    private static string ReasonOf(Exception attempt)
    {
        for (Exception? x = attempt; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case SocketException s:
                    return s.SocketErrorCode switch
                    {
                        SocketError.ConnectionRefused => "connection refused",
                        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "unknown host",
                        SocketError.TimedOut => "timed out",
                        SocketError.NetworkUnreachable or SocketError.NetworkDown => "network unreachable",
                        SocketError.HostUnreachable or SocketError.HostDown => "host unreachable",
                        SocketError.ConnectionReset or SocketError.ConnectionAborted => "connection reset",
                        _ => StorageErrors.FirstLine(s.Message),
                    };
                case OperationCanceledException:
                    return "no answer within the network timeout";
                case HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError }:
                    return "unknown host";
                case HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } h:
                    return "TLS handshake failed: " + StorageErrors.FirstLine(h.InnerException?.Message ?? h.Message);
            }
        }
        return StorageErrors.FirstLine(Innermost(attempt).Message);
    }

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);
}
