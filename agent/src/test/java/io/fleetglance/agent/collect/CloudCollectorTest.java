package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.fleetglance.proto.CloudReading;
import io.fleetglance.proto.Sample;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A metadata service on 127.0.0.1 stands in for 169.254.169.254, which no test ever contacts. */
class CloudCollectorTest {

    private static final Map<String, Map<String, String>> ENABLED = Map.of("cloud", Map.of("disable", "False"));

    private HttpServer metadata;
    private final List<String> asked = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        metadata = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        metadata.start();
    }

    @AfterEach
    void stop() {
        metadata.stop(0);
    }

    private void serve(Map<String, String> paths) {
        metadata.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            asked.add(path);
            String body = paths.get(path);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
            exchange.close();
        });
    }

    private String base() {
        return "http://127.0.0.1:" + metadata.getAddress().getPort();
    }

    private static CloudReading collectUntilFound(CloudCollector collector) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Sample.Builder sample = Sample.newBuilder();
            collector.collect(sample);
            if (!sample.getCloud().getPlatform().isEmpty()) {
                return sample.getCloud();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no platform found: " + sample.getCloud());
            }
            Thread.sleep(20);
        }
    }

    @Test
    void readsTheEc2InstanceWhenOpenStackPathsAreNotServed() throws InterruptedException {
        serve(Map.of("/latest/meta-data/ami-id", "ami-0c1a7f89451184c8b",
                "/latest/meta-data/instance-id", "i-0b22a22eec53b9321",
                "/latest/meta-data/instance-type", "t3.micro",
                "/latest/meta-data/placement/availability-zone", "eu-west-3a"));
        CloudCollector collector = new CloudCollector(base(), Duration.ofSeconds(2));
        collector.configure(ENABLED);

        CloudReading cloud = collectUntilFound(collector);

        assertEquals(CloudReading.newBuilder().setId("ami-0c1a7f89451184c8b").setName("i-0b22a22eec53b9321")
                .setType("t3.micro").setRegion("eu-west-3a").setPlatform("Amazon EC2").build(), cloud);
        assertEquals(List.of("/openstack/latest/meta-data/project_id", "/openstack/latest/meta-data/name",
                "/openstack/latest/meta-data/meta/role", "/openstack/latest/meta-data/availability_zone",
                "/latest/meta-data/ami-id", "/latest/meta-data/instance-id", "/latest/meta-data/instance-type",
                "/latest/meta-data/placement/availability-zone"), asked);
    }

    @Test
    void prefersOpenStackAndKeepsTheKeysItAnswers() throws InterruptedException {
        serve(Map.of("/openstack/latest/meta-data/project_id", "4a9e2f4c5b0d4c1b8f7e6d5c4b3a2910",
                "/openstack/latest/meta-data/name", "web-01",
                "/openstack/latest/meta-data/availability_zone", "nova"));
        CloudCollector collector = new CloudCollector(base(), Duration.ofSeconds(2));
        collector.configure(ENABLED);

        CloudReading cloud = collectUntilFound(collector);

        assertEquals(CloudReading.newBuilder().setId("4a9e2f4c5b0d4c1b8f7e6d5c4b3a2910").setName("web-01")
                .setRegion("nova").setPlatform("OpenStack").build(), cloud);
        assertFalse(asked.contains("/latest/meta-data/ami-id"));
    }

    @Test
    void findsNothingWhereNoMetadataServiceAnswers() throws IOException, InterruptedException {
        int closed;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = gone.getLocalPort();
        }
        CloudCollector collector = new CloudCollector("http://127.0.0.1:" + closed, Duration.ofMillis(500));
        collector.configure(ENABLED);
        collector.awaitLookup(Duration.ofSeconds(10));

        Sample.Builder sample = Sample.newBuilder();
        collector.collect(sample);

        assertTrue(sample.hasCloud());
        assertEquals(CloudReading.getDefaultInstance(), sample.getCloud());
    }

    @Test
    void staysOffAndAsksNothingUnlessEnabled() throws InterruptedException {
        serve(Map.of());
        CloudCollector collector = new CloudCollector(base(), Duration.ofSeconds(1));
        collector.configure(Map.of("cloud", Map.of("disable", "True", "refresh", "120")));
        collector.awaitLookup(Duration.ofSeconds(10));

        Sample.Builder sample = Sample.newBuilder();
        collector.collect(sample);
        new CloudCollector(base(), Duration.ofSeconds(1)).collect(sample);

        assertFalse(sample.hasCloud());
        assertEquals(List.of(), asked);
    }
}
