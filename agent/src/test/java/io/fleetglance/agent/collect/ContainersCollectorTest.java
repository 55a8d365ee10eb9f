package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.proto.Container;
import io.fleetglance.proto.ContainersReading;
import io.fleetglance.proto.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainersCollectorTest {

    static final String WEB = "9b2f6c1e4d7a8b3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5";
    static final String DB = "4c8d2e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c2d4e6f8a0b2c4d";
    static final String MIGRATE = "e7a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f";
    static final String API = "51c7a9e2b4d6f8a0c2e4a6b8d0f2a4c6e8b0d2f4a6c8e0b2d4f6a8c0e2b4d6f8";
    private static final String STATS = "/stats?stream=false&one-shot=true";

    @TempDir
    Path machine;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeServersAndCollectors() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private UnixHttpServer server(String machinePath) throws IOException {
        UnixHttpServer server = new UnixHttpServer(new HostRoot(machine).resolve(machinePath));
        toClose.add(server);
        return server;
    }

    /** Docker with web (bridge network) and db (host network, 1.5 CPUs), their stats twice with advancing counters. */
    private UnixHttpServer docker() throws IOException {
        return server("/var/run/docker.sock")
                .answerFile("/version", "docker-engine/version.json")
                .answerFile("/containers/json?all=false", "docker-engine/containers.json")
                .answerFile("/containers/json?all=true", "docker-engine/containers-all.json")
                .answerFile("/containers/" + WEB + "/json", "docker-engine/inspect-web.json")
                .answerFile("/containers/" + DB + "/json", "docker-engine/inspect-db.json")
                .answerFile("/containers/" + MIGRATE + "/json", "docker-engine/inspect-migrate.json")
                .answerChunked("/containers/" + WEB + STATS, UnixHttpServer.recorded("docker-engine/stats-web-1.json"))
                .answerChunked("/containers/" + WEB + STATS, UnixHttpServer.recorded("docker-engine/stats-web-2.json"))
                .answerFile("/containers/" + DB + STATS, "docker-engine/stats-db-1.json")
                .answerFile("/containers/" + DB + STATS, "docker-engine/stats-db-2.json");
    }

    private UnixHttpServer podman(String machinePath) throws IOException {
        return server(machinePath)
                .answerFile("/version", "podman-engine/version.json")
                .answerFile("/containers/json?all=false", "podman-engine/containers.json")
                .answerFile("/containers/" + API + "/json", "podman-engine/inspect-api.json")
                .answerFile("/containers/" + API + STATS, "podman-engine/stats-api-1.json")
                .answerFile("/libpod/pods/json", "podman-engine/pods.json");
    }

    private ContainersCollector collector(Map<String, String> env, Duration timeout, Duration budget,
                                          Map<String, Map<String, String>> sections) {
        ContainersCollector collector = new ContainersCollector(new HostRoot(machine), env, timeout, budget);
        collector.configure(sections);
        toClose.add(collector);
        return collector;
    }

    private ContainersCollector collector() {
        return collector(Map.of(), Duration.ofSeconds(2), Duration.ofSeconds(2), Map.of());
    }

    private static ContainersReading collect(ContainersCollector collector) {
        Sample.Builder sample = Sample.newBuilder();
        collector.collect(sample);
        return sample.getContainers();
    }

    private static Container named(ContainersReading reading, String name) {
        return reading.getContainersList().stream().filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + name + " in " + reading));
    }

    @Test
    void readsIdentityAndCountersOfTheRunningContainers() throws IOException {
        docker();

        ContainersReading reading = collect(collector());

        assertTrue(reading.getEngineReachable());
        assertEquals(List.of("web", "db"), reading.getContainersList().stream().map(Container::getName).toList());
        assertEquals(Container.newBuilder()
                .setEngine("docker").setId(WEB).setName("web").setImage("nginx:1.27").setStatus("running")
                .setCreated("2026-11-26T14:00:00.123456789Z")
                .addAllCommand(List.of("/docker-entrypoint.sh", "nginx", "-g", "daemon off;")).setHasCommand(true)
                .setCpuTotalUsage(5_000_000_000L).setSystemCpuUsage(100_000_000_000_000L).setOnlineCpus(2)
                .setMemoryUsage(52_428_800).setMemoryLimit(8_327_155_712L).setMemoryInactiveFile(10_485_760)
                .setHasIo(true).setIoReadBytes(1_048_576).setIoWriteBytes(4096)
                .setHasNetwork(true).setNetworkRxBytes(10_000).setNetworkTxBytes(2_000)
                // published on 0.0.0.0 and on ::, listed once
                .setPorts("8080->80/tcp")
                .setStartedAtS(1_795_701_601L)
                .build(), named(reading, "web"));
    }

    @Test
    void reportsTheCpuLimitAndNoNetworkOfAContainerOnTheHostNetwork() throws IOException {
        docker();

        Container db = named(collect(collector()), "db");

        assertEquals(1.5, db.getCpuLimit());
        assertFalse(db.getHasNetwork());
        assertEquals(0, db.getNetworkRxBytes());
        assertEquals(List.of("docker-entrypoint.sh", "postgres"), db.getCommandList());
        assertEquals("", db.getPorts());
        assertEquals(1_795_453_086L, db.getStartedAtS());
        assertEquals(67_108_864, db.getMemoryInactiveFile());
    }

    @Test
    void readsAdvancingCountersInTheNextSample() throws IOException {
        docker();
        ContainersCollector collector = collector();
        collect(collector);

        Container web = named(collect(collector), "web");

        assertEquals(5_400_000_000L, web.getCpuTotalUsage());
        assertEquals(100_004_000_000_000L, web.getSystemCpuUsage());
        assertEquals(5_242_880, web.getIoReadBytes());
        assertEquals(12_288, web.getIoWriteBytes());
        assertEquals(40_000, web.getNetworkRxBytes());
        assertEquals(7_001, web.getNetworkTxBytes());
        assertEquals(54_525_952, web.getMemoryUsage());
    }

    @Test
    void listsStoppedContainersWithoutTheirStatsOnlyWhenAllIsSet() throws IOException {
        UnixHttpServer docker = docker();

        ContainersReading reading = collect(collector(Map.of(), Duration.ofSeconds(2), Duration.ofSeconds(2),
                Map.of("containers", Map.of("all", "True"))));

        assertEquals(List.of("web", "db", "migrate"),
                reading.getContainersList().stream().map(Container::getName).toList());
        Container migrate = named(reading, "migrate");
        assertEquals("exited", migrate.getStatus());
        assertEquals(List.of("migrate"), migrate.getCommandList());
        assertEquals(0.5, migrate.getCpuLimit());
        assertEquals(0, migrate.getCpuTotalUsage());
        assertFalse(migrate.getHasIo());
        assertTrue(docker.requests().contains("/containers/json?all=true"));
        assertFalse(docker.requests().contains("/containers/" + MIGRATE + STATS));
    }

    @Test
    void recognisesPodmanByItsVersionAndNamesThePodOfEachContainer() throws IOException {
        podman("/run/podman/podman.sock");

        ContainersReading reading = collect(collector());

        assertTrue(reading.getEngineReachable());
        Container api = named(reading, "api");
        assertEquals("podman", api.getEngine());
        assertEquals("shop", api.getPodName());
        assertEquals("a7c3e1f5b9d2", api.getPodId());
        assertEquals("docker.io/library/python:3.12-slim", api.getImage());
        assertEquals("8000->8000/tcp", api.getPorts());
        assertEquals(List.of("python", "-m", "http.server", "8000"), api.getCommandList());
        assertEquals("2026-11-26T15:06:40.304012345+00:00", api.getCreated());
        assertEquals(1_795_711_986L, api.getStartedAtS());
        // online_cpus 0: the per-CPU usage list tells the count
        assertEquals(2, api.getOnlineCpus());
        assertEquals(0, api.getMemoryInactiveFile());
    }

    @Test
    void findsPodmanUnderTheUsersRuntimeDirectory() throws IOException {
        podman("/run/user/1001/podman/podman.sock");

        ContainersReading reading = collect(collector(Map.of("XDG_RUNTIME_DIR", "/run/user/1001"),
                Duration.ofSeconds(2), Duration.ofSeconds(2), Map.of()));

        assertEquals("podman", named(reading, "api").getEngine());
    }

    @Test
    void usesTheConfiguredPodmanSocket() throws IOException {
        podman("/srv/podman/api.sock");

        ContainersReading reading = collect(collector(Map.of(), Duration.ofSeconds(2), Duration.ofSeconds(2),
                Map.of("containers", Map.of("podman_sock", "unix:///srv/podman/api.sock"))));

        assertEquals("shop", named(reading, "api").getPodName());
    }

    @Test
    void asksPodmanOnceWhenDockersSocketIsALinkToIt() throws IOException {
        UnixHttpServer podman = podman("/run/podman/podman.sock");
        Files.createDirectories(machine.resolve("var/run"));
        Files.createSymbolicLink(machine.resolve("var/run/docker.sock"), machine.resolve("run/podman/podman.sock"));

        ContainersReading reading = collect(collector());

        assertEquals(1, reading.getContainersCount());
        assertEquals("podman", reading.getContainers(0).getEngine());
        assertEquals(1, podman.requests().stream().filter(r -> r.equals("/version")).count());
    }

    @Test
    void followsDockerHostWhenItIsAUnixSocket() throws IOException {
        server("/opt/docker/engine.sock")
                .answerFile("/version", "docker-engine/version.json")
                .answer("/containers/json?all=false", "[]");

        ContainersReading reading = collect(collector(Map.of("DOCKER_HOST", "unix:///opt/docker/engine.sock"),
                Duration.ofSeconds(2), Duration.ofSeconds(2), Map.of()));

        assertTrue(reading.getEngineReachable());
        assertEquals(0, reading.getContainersCount());
    }

    @Test
    void saysNoEngineIsReachableWithoutASocket() {
        Sample.Builder sample = Sample.newBuilder();

        collector().collect(sample);

        assertTrue(sample.hasContainers());
        assertFalse(sample.getContainers().getEngineReachable());
        assertEquals(0, sample.getContainers().getContainersCount());
    }

    @Test
    void givesUpOnAHungEngineWithinTheBudgetAndLeavesItAloneAfterwards() throws IOException {
        UnixHttpServer hung = server("/var/run/docker.sock").hang("/version");
        ContainersCollector collector = collector(Map.of(), Duration.ofMillis(300), Duration.ofMillis(500),
                Map.of());

        long start = System.nanoTime();
        ContainersReading first = collect(collector);
        long firstMs = (System.nanoTime() - start) / 1_000_000;
        ContainersReading second = collect(collector);

        assertFalse(first.getEngineReachable());
        assertTrue(firstMs < 1_500, "the sample waited " + firstMs + " ms");
        assertFalse(second.getEngineReachable());
        // In backoff: the second sample does not knock again.
        assertEquals(List.of("/version"), hung.requests());
    }

    @Test
    void leavesOutAContainerWhoseStatsAreLate() throws IOException {
        server("/var/run/docker.sock")
                .answerFile("/version", "docker-engine/version.json")
                .answerFile("/containers/json?all=false", "docker-engine/containers.json")
                .answerFile("/containers/" + WEB + "/json", "docker-engine/inspect-web.json")
                .answerFile("/containers/" + DB + "/json", "docker-engine/inspect-db.json")
                .answerFile("/containers/" + WEB + STATS, "docker-engine/stats-web-1.json")
                .hang("/containers/" + DB + STATS);
        ContainersCollector collector = collector(Map.of(), Duration.ofMillis(300), Duration.ofMillis(800),
                Map.of());

        long start = System.nanoTime();
        ContainersReading reading = collect(collector);
        long ms = (System.nanoTime() - start) / 1_000_000;

        assertTrue(reading.getEngineReachable());
        assertEquals(List.of("web"), reading.getContainersList().stream().map(Container::getName).toList());
        assertTrue(ms < 1_500, "the sample waited " + ms + " ms");
    }

    @Test
    void readsNothingWhenThePluginIsDisabled() throws IOException {
        UnixHttpServer docker = docker();
        Sample.Builder sample = Sample.newBuilder();

        collector(Map.of(), Duration.ofSeconds(2), Duration.ofSeconds(2),
                Map.of("containers", Map.of("disable", "True"))).collect(sample);

        assertFalse(sample.hasContainers());
        assertEquals(List.of(), docker.requests());
    }

    @Test
    void takesANewConfigurationFromTheNextSampleOn() throws IOException {
        UnixHttpServer docker = docker();
        ContainersCollector collector = collector();
        collect(collector);

        collector.configure(Map.of("containers", Map.of("all", "true")));
        ContainersReading reading = collect(collector);

        assertEquals(3, reading.getContainersCount());
        assertEquals(List.of("/containers/json?all=false", "/containers/json?all=true"),
                docker.requests().stream().filter(r -> r.startsWith("/containers/json")).toList());
    }
}
