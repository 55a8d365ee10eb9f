package io.fleetglance.hub;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback between agents and a hub's ingest: the address the agents know, whatever stands behind it.
 * What one side closes, the relay closes to the other. Silenced, it stops carrying bytes on every connection it holds
 * or accepts and closes none (a cut cable); retargeted, the connections it accepts from then on go to another port
 * (a new hub in the old one's place). A connection it cannot carry on is closed to the agent at once, as a refused
 * one would be.
 */
final class TestRelay implements AutoCloseable {
    private final ServerSocket server;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private volatile int target;
    private volatile boolean silent;

    private static final class Link {
        final Socket client;
        final Socket upstream;
        volatile boolean cut;

        Link(Socket client, Socket upstream, boolean cut) {
            this.client = client;
            this.upstream = upstream;
            this.cut = cut;
        }

        void close() {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    TestRelay(int target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Stops carrying bytes, on the connections held now and on those accepted until {@link #restore}. */
    void silence() {
        silent = true;
        links.forEach(l -> l.cut = true);
    }

    /** Connections accepted from now on carry bytes again; those cut meanwhile stay dead. */
    void restore() {
        silent = false;
    }

    /** Connections accepted from now on go to {@code port}. */
    void retarget(int port) {
        target = port;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;   // closed
            }
            Socket upstream;
            try {
                upstream = new Socket(InetAddress.getLoopbackAddress(), target);
            } catch (IOException e) {
                closeQuietly(client);   // nothing listens behind the relay
                continue;
            }
            Link link = new Link(client, upstream, silent);
            links.add(link);
            pump(link, client, upstream);
            pump(link, upstream, client);
        }
    }

    private static void pump(Link link, Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try {
                from.setSoTimeout(50);
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                while (!link.cut) {
                    int n;
                    try {
                        n = in.read(buf);
                    } catch (SocketTimeoutException e) {
                        continue;
                    }
                    if (n < 0) {
                        to.shutdownOutput();
                        return;
                    }
                    if (!link.cut) {     // a cut link loses what it was carrying
                        out.write(buf, 0, n);
                    }
                }
            } catch (IOException e) {
                if (!link.cut) {
                    link.close();        // a reset on one side is a reset on the other
                }
            }
        }, "relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already gone
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Link l : links) {
            l.cut = true;
            l.close();
        }
    }
}
