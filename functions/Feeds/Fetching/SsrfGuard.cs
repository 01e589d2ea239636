using System.Net;
using System.Net.Sockets;

namespace NewsMonitor.Feeds.Fetching;

/// <summary>
/// Refuses connections to addresses inside our network (SSRF). It runs in <see cref="SocketsHttpHandler.ConnectCallback"/>:
/// the addresses checked are the ones connected to, so DNS rebinding (a public answer at check time, a private one at
/// connect time) and redirects to internal hosts cannot get past it.
/// </summary>
internal static class SsrfGuard
{
    private static readonly IPNetwork[] RefusedV4 =
    [
        IPNetwork.Parse("0.0.0.0/8"),          // "this network", incl. the unspecified address
        IPNetwork.Parse("10.0.0.0/8"),         // private
        IPNetwork.Parse("100.64.0.0/10"),      // carrier-grade NAT
        IPNetwork.Parse("169.254.0.0/16"),     // link-local, incl. cloud metadata 169.254.169.254
        IPNetwork.Parse("172.16.0.0/12"),      // private
        IPNetwork.Parse("192.0.0.0/24"),       // IETF protocol assignments
        IPNetwork.Parse("192.168.0.0/16"),     // private
        IPNetwork.Parse("198.18.0.0/15"),      // benchmarking
        IPNetwork.Parse("224.0.0.0/4"),        // multicast
        IPNetwork.Parse("240.0.0.0/4"),        // reserved, incl. broadcast
    ];

    private static readonly IPNetwork[] RefusedV6 =
    [
        IPNetwork.Parse("::/128"),             // unspecified
        IPNetwork.Parse("64:ff9b::/96"),       // NAT64: would reach any IPv4 address, private ones included
        IPNetwork.Parse("fc00::/7"),           // unique local
        IPNetwork.Parse("fe80::/10"),          // link-local
        IPNetwork.Parse("fec0::/10"),          // site-local (deprecated, still routable inside some networks)
        IPNetwork.Parse("ff00::/8"),           // multicast
    ];

    /// <summary>Whether a connection to <paramref name="address"/> is allowed.</summary>
    public static bool IsAllowed(IPAddress address, bool allowLoopback)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return allowLoopback;
        }

        var refused = address.AddressFamily switch
        {
            AddressFamily.InterNetwork => RefusedV4,
            AddressFamily.InterNetworkV6 => RefusedV6,
            _ => null,
        };
        return refused is not null && !refused.Any(range => range.Contains(address));
    }

    /// <summary>Resolves the host, keeps only allowed addresses and connects to one of them.</summary>
    public static async ValueTask<Stream> ConnectAsync(
        SocketsHttpConnectionContext context, bool allowLoopback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var host = context.DnsEndPoint.Host.Trim('[', ']');
        var addresses = await ResolveAsync(host, cancellationToken);
        var allowed = addresses.Where(address => IsAllowed(address, allowLoopback)).ToArray();
        if (allowed.Length == 0)
        {
            throw new SsrfBlockedException(Refusal(host, addresses));
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The addresses a connection to <paramref name="host"/> would try: the literal, or what DNS answers.</summary>
    /// <exception cref="System.Net.Sockets.SocketException">The name does not resolve.</exception>
    public static async ValueTask<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        host = host.Trim('[', ']');
        return IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
    }

    /// <summary>Why a connection to <paramref name="host"/> is refused when none of its addresses is allowed.</summary>
    public static string Refusal(string host, IReadOnlyCollection<IPAddress> addresses) =>
        $"Refused to connect to '{host}': it resolves only to internal addresses ({string.Join(", ", addresses.Select(a => a.ToString()))}).";
}

/// <summary>The SSRF guard refused a connection; never retried.</summary>
internal sealed class SsrfBlockedException(string message) : IOException(message);
