package io.nightshift.worker.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP forwarder in front of a real server, which a test can cut: {@link #cut()} closes the
 * listening socket and every open connection (clients see connection refused and resets, as when the server
 * is down), {@link #restore()} listens again on the same port. {@link #stallNextConnections(int)} accepts the next
 * connections but forwards no byte on them (hung transfers) while later ones work, {@link #flow()} forwards on them
 * again; {@link #retarget(int)} sends new connections to another server (existing ones are cut).
 */
public final class TcpProxy implements AutoCloseable {

    private final int port;
    private volatile InetSocketAddress target;
    private final java.util.Set<Socket> stalled = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicInteger stallNext = new java.util.concurrent.atomic.AtomicInteger();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;

    public TcpProxy(int targetPort) throws IOException {
        this(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort);
    }

    private TcpProxy(ServerSocket listening, int targetPort) {
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        this.port = listening.getLocalPort();
        listen(listening);
    }

    /** A proxy listening on {@code port} (a server that appears where a client has been looking all along). */
    public static TcpProxy on(int port, int targetPort) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        return new TcpProxy(s, targetPort);
    }

    public int port() {
        return port;
    }

    private void listen(ServerSocket s) {
        server = s;
        Thread acceptor = new Thread(() -> {
            while (!s.isClosed()) {
                try {
                    Socket client = s.accept();
                    if (stallNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        stalled.add(client);
                    }
                    InetSocketAddress to = target;
                    Socket upstream = new Socket(to.getAddress(), to.getPort());
                    synchronized (TcpProxy.this) {
                        // cut or retargeted while connecting: this one must not survive it (a connection accepted just
                        // before a cut kept working through it, and a "store down" test saw jobs finish)
                        if (s.isClosed() || !to.equals(target)) {
                            closeQuietly(client);
                            closeQuietly(upstream);
                            continue;
                        }
                        open.add(client);
                        open.add(upstream);
                    }
                    pump(client, upstream);
                    pump(upstream, client);
                } catch (IOException e) {
                    // closed by cut()
                }
            }
        }, "tcp-proxy-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                byte[] buffer = new byte[8192];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    while (stalled.contains(from) && !from.isClosed()) {
                        Thread.sleep(50);
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // connection closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    /** The server "goes down": no new connections, existing ones reset. */
    public synchronized void cut() {
        closeQuietly(server);
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
    }

    /** The next {@code count} connections are accepted but pass no byte until {@link #flow()}; later ones work. */
    public void stallNextConnections(int count) {
        stallNext.set(count);
    }

    /** Bytes pass again on every connection (the ones held are forwarded). */
    public void flow() {
        stallNext.set(0);
        stalled.clear();
    }

    /** New connections go to the server on {@code targetPort}; open ones are closed. */
    public synchronized void retarget(int targetPort) {
        target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
    }

    /** The server is back on the same port. */
    public void restore() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        listen(s);
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        cut();
    }
}
