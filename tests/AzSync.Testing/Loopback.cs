using System.Net;
using System.Net.Sockets;

namespace AzSync.Testing;

public static class Loopback
{
    /// <summary>A loopback port nothing listens on right now: a server
    /// can take it, and a client gets "connection refused".</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
