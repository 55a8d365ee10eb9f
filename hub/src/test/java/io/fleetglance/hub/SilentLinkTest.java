package io.fleetglance.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.agent.Agent;
import io.fleetglance.agent.AgentSettings;
import io.fleetglance.agent.collect.Collectors;
import io.fleetglance.agent.collect.HostRoot;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A link that goes silent without closing, as a cut cable or a dead router does: no FIN, no RST, just nothing. The
 * agent notices through its keepalive ping, keeps sampling, reconnects once the link is back, and every sample
 * arrives once and in order.
 */
class SilentLinkTest {

    @Test
    void anAgentNoticesASilentLinkAndLosesNothing() throws Exception {
        List<Long> seqs = new CopyOnWriteArrayList<>();
        try (Hub hub = Hub.start(HubSettings.loopback()); Relay relay = new Relay(hub.ingestPort())) {
            hub.registry().addSampleListener((h, s) -> seqs.add(s.getSeq()));
            AgentSettings settings = AgentSettings.of("127.0.0.1", relay.port(), "far-away", "id-far-away-01")
                    .withPeriod(Duration.ofMillis(150))
                    .withBackoff(Duration.ofMillis(100), Duration.ofMillis(400))
                    .withKeepAlive(Duration.ofMillis(300), Duration.ofMillis(300));
            Collectors collectors = Collectors.standard(HostRoot.system());
            Agent agent = new Agent(settings, collectors.all(), collectors.processes());
            agent.start();
            try {
                assertTrue(TestAgents.await(Duration.ofSeconds(15), () -> seqs.size() >= 5 && agent.connected()),
                        "samples flow through the link");
                relay.silence();
                long atCut = agent.sampler().nextSeq() - 1;
                assertTrue(TestAgents.await(Duration.ofSeconds(10), () -> !agent.connected()),
                        "the agent notices a link that says nothing");
                assertTrue(TestAgents.await(Duration.ofSeconds(10),
                        () -> agent.sampler().nextSeq() - 1 >= atCut + 8), "and keeps sampling");
                relay.restore();
                long atRestore = agent.sampler().nextSeq() - 1;
                assertTrue(TestAgents.await(Duration.ofSeconds(15), () -> agent.connected() && !seqs.isEmpty()
                        && seqs.get(seqs.size() - 1) >= atRestore + 3), "the hub caught up: " + seqs);

                List<Long> got = new ArrayList<>(seqs);
                for (int i = 0; i < got.size(); i++) {
                    assertEquals(i + 1, got.get(i), "every seq once, in order: " + got);
                }
                assertEquals(0, agent.outbox().dropped());
            } finally {
                agent.close();
            }
        }
    }

    /**
     * A TCP relay on loopback between the agent and the hub. Silenced, it stops carrying bytes on every connection
     * it holds or accepts, and closes none; restored, the connections it accepts from then on carry bytes again.
     */
    private static final class Relay implements AutoCloseable {
        private final ServerSocket server;
        private final int target;
        private final List<Link> links = new CopyOnWriteArrayList<>();
        private final Thread acceptor;
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
        }

        Relay(int target) throws IOException {
            this.target = target;
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            this.acceptor = new Thread(this::acceptLoop, "relay-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        void silence() {
            silent = true;
            links.forEach(l -> l.cut = true);
        }

        void restore() {
            silent = false;   // the links cut meanwhile stay dead, as their connections are for the agent
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                    Link link = new Link(client, upstream, silent);
                    links.add(link);
                    pump(link, client, upstream);
                    pump(link, upstream, client);
                } catch (IOException e) {
                    return;   // closed
                }
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
                    // one side went away; the other learns it from the relay's close
                }
            }, "relay-pump");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Link l : links) {
                l.cut = true;
                l.client.close();
                l.upstream.close();
            }
        }
    }
}
