using System.Net;
using System.Net.Sockets;

namespace NewsMonitor.Tools.CrashHarness;

/// <summary>
/// A loopback TCP port in front of Azurite's queue service, which the <c>queue-down</c> scenario closes and opens:
/// closed, connections are refused and open ones are reset, which is what a client sees when the queue service is
/// down while blobs and tables still answer. Azurite runs its three services in one process, so stopping only the
/// queue service needs a door in front of it; hand-written because no package here forwards TCP (a few lines).
/// </summary>
internal sealed class QueueGate(Func<int> queuePort) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<TcpClient> _open = [];
    private TcpListener? _listener;
    private CancellationTokenSource? _stop;

    /// <summary>The port newsmon is given as its queue endpoint while the gate is in use.</summary>
    public int Port { get; private set; }

    public bool IsOpen => _listener is not null;

    /// <summary>Starts accepting on <see cref="Port"/> (the same port every time) and forwarding to the queue service.</summary>
    public void Open()
    {
        lock (_gate)
        {
            if (_listener is not null)
            {
                return;
            }

            var listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            Port = ((IPEndPoint)listener.LocalEndpoint).Port;
            _listener = listener;
            _stop = new CancellationTokenSource();
            _ = AcceptAsync(listener, _stop.Token);
        }
    }

    /// <summary>Refuses new connections and resets the open ones: the queue service is down.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _stop?.Cancel();
            _stop?.Dispose();
            _stop = null;
            _listener?.Stop();
            _listener = null;
            foreach (var client in _open)
            {
                try
                {
                    // Linger 0: a reset, not an orderly close, as when the service's process dies.
                    client.LingerState = new LingerOption(true, 0);
                    client.Close();
                }
                catch (ObjectDisposedException)
                {
                }
            }

            _open.Clear();
        }
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ForwardAsync(inbound, cancellationToken);
        }
    }

    private async Task ForwardAsync(TcpClient inbound, CancellationToken cancellationToken)
    {
        var outbound = new TcpClient();
        lock (_gate)
        {
            _open.Add(inbound);
            _open.Add(outbound);
        }

        try
        {
            await outbound.ConnectAsync(IPAddress.Loopback, queuePort(), cancellationToken);
            var a = inbound.GetStream();
            var b = outbound.GetStream();
            await Task.WhenAny(a.CopyToAsync(b, cancellationToken), b.CopyToAsync(a, cancellationToken));
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
            // The gate closed, or either side went away: the other side sees the connection end.
        }
        finally
        {
            lock (_gate)
            {
                _open.Remove(inbound);
                _open.Remove(outbound);
            }

            inbound.Dispose();
            outbound.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Close();
        return ValueTask.CompletedTask;
    }
}
