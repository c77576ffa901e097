package io.nightshift.chaos.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fault proxy in front of an S3 server, HTTP-aware enough to see every request's method, bucket and key: it
 * forwards ({@link FaultMode#PASS}, one request per connection), refuses connections, answers 503 or 403 with S3's
 * XML error, or accepts and never answers. Entering a fault cuts the requests in flight, and each request is recorded
 * as an {@link Exchange} with how it ended, so a run can name the jobs whose transfers a fault (or a killed worker)
 * really cut. {@link #slow} holds matching requests before forwarding them, to keep a transfer open for a while.
 */
public final class FaultProxy implements AutoCloseable {
    private final InetSocketAddress upstream;
    private final int port;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fault-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Link> live = ConcurrentHashMap.newKeySet();
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private volatile FaultMode mode = FaultMode.PASS;
    private volatile ServerSocket server;
    private volatile java.util.concurrent.Future<?> acceptLoop;
    private volatile SlowRule slow;
    private volatile boolean closed;

    private record SlowRule(String method, String bucket, boolean listing, Duration delay) {
        boolean matches(RequestHead head) {
            return head.method().equals(method) && head.bucket().equals(bucket) && head.key().isEmpty() == listing;
        }
    }

    private FaultProxy(InetSocketAddress upstream, ServerSocket server) {
        this.upstream = upstream;
        this.server = server;
        this.port = server.getLocalPort();
        accept(server);
    }

    /** A proxy on a free loopback port forwarding to {@code 127.0.0.1:upstreamPort}. */
    public static FaultProxy start(int upstreamPort) {
        // below Linux's ephemeral range (32768-60999): a connection to a port in that range while nothing listens
        // there may be given the same port as its source and connect to itself, which would hide a refusal
        java.util.SplittableRandom random = new java.util.SplittableRandom();
        IOException last = null;
        for (int i = 0; i < 50; i++) {
            try {
                return new FaultProxy(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort),
                        listen(20000 + random.nextInt(12000)));
            } catch (IOException taken) {
                last = taken;
            }
        }
        throw new UncheckedIOException("no free port for the fault proxy", last);
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        try {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public int port() {
        return port;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public FaultMode mode() {
        return mode;
    }

    /**
     * Switches the fault. Entering any fault cuts the requests in flight (recorded {@link Exchange.Outcome#CUT});
     * {@link FaultMode#REFUSE} closes the listening socket and leaving it binds the same port again; leaving
     * {@link FaultMode#STALL} closes the stalled connections.
     */
    public synchronized void mode(FaultMode next) {
        FaultMode previous = mode;
        if (previous == next) {
            return;
        }
        mode = next;
        if (next != FaultMode.PASS) {
            live.forEach(Link::cut);
        }
        if (previous == FaultMode.STALL) {
            live.forEach(Link::cut);
        }
        try {
            if (next == FaultMode.REFUSE) {
                server.close();
                // a socket closed while a thread waits in accept() is released when that thread leaves it: until
                // then the kernel still takes connections
                acceptLoop.get(5, java.util.concurrent.TimeUnit.SECONDS);
            } else if (previous == FaultMode.REFUSE) {
                ServerSocket again = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (again == null) {
                    try {
                        again = listen(port);
                    } catch (java.net.BindException stillClosing) {
                        if (System.nanoTime() > deadline) {
                            throw stillClosing;
                        }
                        Thread.sleep(50);
                    }
                }
                server = again;
                accept(again);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the fault proxy cannot switch to " + next + " on port " + port, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the fault proxy switched to " + next, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the fault proxy's listener did not stop for " + next, e);
        }
    }

    /** Holds each {@code method} request of an object in {@code bucket} for {@code delay} before forwarding it. */
    public void slow(String method, String bucket, Duration delay) {
        slow = new SlowRule(method, bucket, false, delay);
    }

    /** Holds each listing of {@code bucket} (a GET of the bucket itself) for {@code delay} before forwarding it. */
    public void slowListing(String bucket, Duration delay) {
        slow = new SlowRule("GET", bucket, true, delay);
    }

    /** Ends {@link #slow} and {@link #slowListing}. */
    public void fast() {
        slow = null;
    }

    /** Every request seen so far. */
    public List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    /** The requests of objects (not buckets) forwarded and open now: transfers in flight. */
    public List<RequestInFlight> inFlight() {
        List<RequestInFlight> open = new ArrayList<>();
        for (Link link : live) {
            RequestHead head = link.head;
            if (head != null && !head.key().isEmpty()) {
                open.add(new RequestInFlight(head.method(), head.bucket(), head.key()));
            }
        }
        return open;
    }

    /** An object request forwarded and not yet ended. */
    public record RequestInFlight(String method, String bucket, String key) {
    }

    private void accept(ServerSocket socket) {
        acceptLoop = threads.submit(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    client.setTcpNoDelay(true);
                    threads.execute(() -> serve(client));
                } catch (IOException closedOrFailed) {
                    return;
                }
            }
        });
    }

    private void serve(Socket client) {
        Link link = new Link(client);
        live.add(link);
        try {
            link.run();
        } finally {
            live.remove(link);
            link.closeAll();
        }
    }

    /** One client connection and, when forwarded, its upstream connection. */
    private final class Link {
        private final Socket client;
        private volatile Socket server;
        private volatile RequestHead head;
        private final AtomicBoolean cut = new AtomicBoolean();

        Link(Socket client) {
            this.client = client;
        }

        void run() {
            try {
                InputStream in = client.getInputStream();
                RequestHead request = RequestHead.read(in);
                if (request == null) {
                    return;
                }
                FaultMode now = mode;
                switch (now) {
                    case UNAVAILABLE -> answer(request, 503, "Service Unavailable", "ServiceUnavailable",
                            "Please reduce your request rate.", Exchange.Outcome.UNAVAILABLE);
                    case FORBIDDEN -> answer(request, 403, "Forbidden", "AccessDenied", "Access Denied.",
                            Exchange.Outcome.FORBIDDEN);
                    case STALL -> stall(request, in);
                    default -> forward(request, in);
                }
            } catch (IOException gone) {
                // the client went away before its request was complete: nothing to record
            }
        }

        private void answer(RequestHead request, int status, String phrase, String code, String message,
                            Exchange.Outcome outcome) throws IOException {
            String body = request.method().equals("HEAD") ? "" : "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    + "<Error><Code>" + code + "</Code><Message>" + message + "</Message><Resource>/"
                    + request.bucket() + "/" + request.key() + "</Resource><RequestId>nightshift-chaos</RequestId>"
                    + "</Error>";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            String head = "HTTP/1.1 " + status + " " + phrase + "\r\nContent-Type: application/xml\r\n"
                    + "Content-Length: " + bytes.length + "\r\nx-amz-request-id: nightshift-chaos\r\n"
                    + "Connection: close\r\n\r\n";
            OutputStream out = client.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
            record(request, outcome);
        }

        private void stall(RequestHead request, InputStream in) {
            head = request;
            byte[] sink = new byte[64 * 1024];
            try {
                while (in.read(sink) >= 0) {
                    // read what the client sends, answer nothing
                }
            } catch (IOException gone) {
                // given up by the client, or closed by the proxy when the fault ended
            }
            record(request, Exchange.Outcome.STALLED);
        }

        private void forward(RequestHead request, InputStream in) throws IOException {
            SlowRule rule = slow;
            head = request;
            java.io.ByteArrayOutputStream early = new java.io.ByteArrayOutputStream();
            if (rule != null && rule.matches(request)) {
                try {
                    Thread.sleep(rule.delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (cut.get()) {
                    record(request, Exchange.Outcome.CUT);
                    return;
                }
                if (peerClosed(in, early)) {
                    record(request, Exchange.Outcome.CLIENT_GONE);
                    return;
                }
            }
            Socket upstreamSocket = new Socket();
            server = upstreamSocket;
            upstreamSocket.connect(upstream, 5000);
            upstreamSocket.setTcpNoDelay(true);
            if (cut.get()) {
                record(request, Exchange.Outcome.CUT);
                return;
            }
            OutputStream toServer = upstreamSocket.getOutputStream();
            toServer.write(request.forwarded());
            early.writeTo(toServer);
            toServer.flush();
            AtomicBoolean clientGone = new AtomicBoolean();
            threads.execute(() -> {
                try {
                    in.transferTo(toServer);
                } catch (IOException ignored) {
                    // either side closed
                }
                clientGone.set(true);
                try {
                    upstreamSocket.shutdownOutput();
                } catch (IOException ignored) {
                    // already closed
                }
            });
            ResponseMeter response = new ResponseMeter(request.method().equals("HEAD"));
            boolean delivered;
            try {
                InputStream fromServer = upstreamSocket.getInputStream();
                OutputStream toClient = client.getOutputStream();
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = fromServer.read(buffer)) >= 0) {
                    toClient.write(buffer, 0, n);
                    response.delivered(buffer, n);
                }
                toClient.flush();
                delivered = true;
            } catch (IOException broken) {
                delivered = false;
            }
            // complete: the whole answer reached the client (by its length), whoever closed first; without a length,
            // the store's end of the answer reached a client still there
            boolean complete = response.complete().orElse(delivered && !clientGone.get());
            Exchange.Outcome outcome = cut.get() && !complete ? Exchange.Outcome.CUT
                    : complete ? Exchange.Outcome.COMPLETED : Exchange.Outcome.CLIENT_GONE;
            record(request, outcome);
        }

        /**
         * Whether the client of a held request has gone meanwhile: what it sent of its body is read into {@code early}
         * (to be forwarded after the head), and the end of its stream means it is gone — a live client waits for the
         * answer with its side open. A request of a dead client is not forwarded: its transfer was cut.
         */
        private boolean peerClosed(InputStream in, java.io.ByteArrayOutputStream early) {
            byte[] buffer = new byte[64 * 1024];
            try {
                client.setSoTimeout(1);
                try {
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        early.write(buffer, 0, n);
                    }
                    return true;
                } finally {
                    client.setSoTimeout(0);
                }
            } catch (java.net.SocketTimeoutException stillThere) {
                return false;
            } catch (IOException gone) {
                return true;
            }
        }

        void cut() {
            if (cut.compareAndSet(false, true)) {
                closeAll();
            }
        }

        void closeAll() {
            close(client);
            Socket s = server;
            if (s != null) {
                close(s);
            }
        }

        private void record(RequestHead request, Exchange.Outcome outcome) {
            exchanges.add(new Exchange(request.method(), request.bucket(), request.key(), outcome, Instant.now()));
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        live.forEach(Link::cut);
        threads.shutdownNow();
    }
}
