package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.fleetglance.proto.PortCheck;
import io.fleetglance.proto.PortsReading;
import io.fleetglance.proto.Sample;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every target here is on 127.0.0.1: the checks never leave the machine. */
class PortsCollectorTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path machine;

    private PortsCollector collector;
    private ServerSocket open;
    private int closedPort;
    private HttpServer web;
    private final AtomicInteger pageHits = new AtomicInteger();
    private final CountDownLatch slowPageReleased = new CountDownLatch(1);

    @BeforeEach
    void startLoopbackServers() throws IOException {
        collector = new PortsCollector(new HostRoot(machine));
        open = new ServerSocket(0, 50, LOOPBACK);
        try (ServerSocket gone = new ServerSocket(0, 50, LOOPBACK)) {
            closedPort = gone.getLocalPort();
        }
        web = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
        web.createContext("/ok", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        web.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "/ok");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        web.createContext("/flaky", exchange -> {
            exchange.sendResponseHeaders(pageHits.incrementAndGet() == 1 ? 200 : 503, -1);
            exchange.close();
        });
        web.createContext("/slow", exchange -> {
            try {
                slowPageReleased.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        // Everything else: 404.
        web.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        web.setExecutor(Executors.newCachedThreadPool());
        web.start();
    }

    @AfterEach
    void stop() throws IOException {
        slowPageReleased.countDown();
        collector.close();
        open.close();
        web.stop(0);
    }

    private String page(String path) {
        return "http://127.0.0.1:" + web.getAddress().getPort() + path;
    }

    private static Map<String, Map<String, String>> ports(String... keyValues) {
        Map<String, String> section = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            section.put(keyValues[i], keyValues[i + 1]);
        }
        return Map.of("ports", section);
    }

    private PortsReading collect() {
        Sample.Builder sample = Sample.newBuilder();
        collector.collect(sample);
        return sample.getPorts();
    }

    /** Collects until every check has a result (or {@code until} holds), as the sampler would every period. */
    private PortsReading collectUntil(Predicate<PortsReading> until) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        PortsReading reading = collect();
        while (!until.test(reading)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the checks did not finish: " + reading);
            }
            Thread.sleep(20);
            reading = collect();
        }
        return reading;
    }

    private static boolean allScanned(PortsReading reading) {
        return reading.getChecksList().stream().noneMatch(c -> c.getStatus() == PortCheck.Status.STATUS_UNSPECIFIED);
    }

    @Test
    void measuresAnOpenPortAndReportsAClosedOne() throws InterruptedException {
        collector.configure(ports("refresh", "30", "timeout", "1",
                "port_1_host", "127.0.0.1", "port_1_port", String.valueOf(open.getLocalPort()),
                "port_1_description", "Loopback service",
                "port_2_host", "127.0.0.1", "port_2_port", String.valueOf(closedPort), "port_2_rtt_warning", "250"));

        PortsReading reading = collectUntil(PortsCollectorTest::allScanned);

        PortCheck served = reading.getChecks(0);
        assertEquals("port_1", served.getIndice());
        assertEquals("Loopback service", served.getDescription());
        assertEquals(open.getLocalPort(), served.getPort());
        assertEquals(30.0, served.getRefresh());
        assertEquals(1.0, served.getTimeout());
        assertFalse(served.hasRttWarning());
        assertEquals(PortCheck.Status.OPEN, served.getStatus());
        assertTrue(served.getRttSeconds() > 0 && served.getRttSeconds() < 1, "rtt " + served.getRttSeconds());

        PortCheck refused = reading.getChecks(1);
        assertEquals("127.0.0.1:" + closedPort, refused.getDescription());
        assertEquals(0.25, refused.getRttWarning());
        assertEquals(PortCheck.Status.CLOSED, refused.getStatus());
    }

    @Test
    void pingsAHostWhenThePortIsZero() throws InterruptedException {
        collector.configure(ports("port_1_host", "127.0.0.1", "port_1_timeout", "2"));

        PortCheck ping = collectUntil(PortsCollectorTest::allScanned).getChecks(0);

        assertEquals(0, ping.getPort());
        assertEquals("127.0.0.1:0", ping.getDescription());
        assertEquals(60.0, ping.getRefresh());
        assertEquals(2.0, ping.getTimeout());
        assertEquals(PortCheck.Status.OPEN, ping.getStatus());
    }

    @Test
    void readsStatusCodesOfWebPagesFollowingRedirects() throws InterruptedException {
        collector.configure(ports("timeout", "2",
                "web_1_url", page("/ok"), "web_1_rtt_warning", "1000",
                "web_2_url", page("/missing"), "web_2_description", "Gone page",
                "web_3_url", page("/moved"), "web_3_ssl_verify", "False",
                "web_4_url", "http://127.0.0.1:" + closedPort + "/",
                "web_5_url", "not a url"));

        PortsReading reading = collectUntil(PortsCollectorTest::allScanned);

        assertEquals(List.of("web_1", "web_2", "web_3", "web_4"),
                reading.getChecksList().stream().map(PortCheck::getIndice).toList());
        PortCheck ok = reading.getChecks(0);
        assertEquals("127.0.0.1:" + web.getAddress().getPort(), ok.getDescription());
        assertEquals(PortCheck.Status.HTTP, ok.getStatus());
        assertEquals(200, ok.getHttpCode());
        assertTrue(ok.getElapsed() > 0 && ok.getElapsed() < 2, "elapsed " + ok.getElapsed());
        assertEquals(1.0, ok.getRttWarning());
        assertTrue(ok.getSslVerify());
        assertEquals("Gone page", reading.getChecks(1).getDescription());
        assertEquals(404, reading.getChecks(1).getHttpCode());
        assertEquals(200, reading.getChecks(2).getHttpCode());
        assertFalse(reading.getChecks(2).getSslVerify());
        assertEquals(PortCheck.Status.HTTP_ERROR, reading.getChecks(3).getStatus());
        assertEquals(0.0, reading.getChecks(3).getElapsed());
    }

    @Test
    void neverWaitsForASlowTargetAndReportsNoStatusUntilItAnswers() throws InterruptedException {
        collector.configure(ports("timeout", "10", "web_1_url", page("/slow")));

        long start = System.nanoTime();
        PortsReading during = collect();
        long ms = (System.nanoTime() - start) / 1_000_000;
        slowPageReleased.countDown();
        PortsReading after = collectUntil(PortsCollectorTest::allScanned);

        assertTrue(ms < 200, "the sample waited " + ms + " ms");
        assertEquals(PortCheck.Status.STATUS_UNSPECIFIED, during.getChecks(0).getStatus());
        assertEquals(200, after.getChecks(0).getHttpCode());
    }

    @Test
    void checksAgainEveryRefreshSeconds() throws InterruptedException {
        collector.configure(ports("refresh", "1", "web_1_url", page("/flaky")));

        PortsReading first = collectUntil(PortsCollectorTest::allScanned);
        PortsReading later = collectUntil(r -> r.getChecks(0).getHttpCode() == 503);

        assertEquals(200, first.getChecks(0).getHttpCode());
        assertEquals(503, later.getChecks(0).getHttpCode());
    }

    @Test
    void pingsTheDefaultGatewayFirstWhenAsked() throws IOException, InterruptedException {
        // The gateway is loopback here, written as the kernel writes it (little-endian hex).
        Fixtures.write(new HostRoot(machine), "/proc/net/route", """
                Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
                eth0\t0000A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
                eth0\t00000000\t0100007F\t0003\t0\t0\t100\t00000000\t0\t0\t0
                """);
        collector.configure(ports("refresh", "30", "timeout", "2", "port_default_gateway", "True",
                "port_1_host", "127.0.0.1", "port_1_port", String.valueOf(open.getLocalPort())));

        PortsReading reading = collectUntil(PortsCollectorTest::allScanned);

        PortCheck gateway = reading.getChecks(0);
        assertEquals("port_0", gateway.getIndice());
        assertEquals("127.0.0.1", gateway.getHost());
        assertEquals("DefaultGateway", gateway.getDescription());
        assertEquals(0, gateway.getPort());
        assertEquals(PortCheck.Status.OPEN, gateway.getStatus());
        assertEquals("port_1", reading.getChecks(1).getIndice());
    }

    @Test
    void leavesTheGatewayUncheckedWhenThereIsNoDefaultRoute() throws InterruptedException {
        collector.configure(ports("port_default_gateway", "true",
                "port_1_host", "127.0.0.1", "port_1_port", String.valueOf(open.getLocalPort())));

        PortsReading reading = collectUntil(r -> r.getChecks(1).getStatus() != PortCheck.Status.STATUS_UNSPECIFIED);

        assertEquals("", reading.getChecks(0).getHost());
        assertEquals(PortCheck.Status.STATUS_UNSPECIFIED, reading.getChecks(0).getStatus());
    }

    @Test
    void reportsAnEmptyListWithoutChecks() {
        assertEquals(0, collect().getChecksCount());

        collector.configure(ports("disable", "True", "port_1_host", "127.0.0.1"));
        Sample.Builder sample = Sample.newBuilder();
        collector.collect(sample);

        assertTrue(sample.hasPorts());
        assertEquals(0, sample.getPorts().getChecksCount());
    }

    @Test
    void replacesTheChecksWhenTheConfigurationChanges() throws InterruptedException {
        collector.configure(ports("port_1_host", "127.0.0.1", "port_1_port", String.valueOf(closedPort)));
        collectUntil(PortsCollectorTest::allScanned);

        collector.configure(ports("web_7_url", page("/ok")));
        PortsReading reading = collectUntil(PortsCollectorTest::allScanned);

        assertEquals(List.of("web_7"), reading.getChecksList().stream().map(PortCheck::getIndice).toList());
        assertEquals(200, reading.getChecks(0).getHttpCode());
    }
}
