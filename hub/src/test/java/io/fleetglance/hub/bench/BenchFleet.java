package io.fleetglance.hub.bench;

import io.fleetglance.agent.collect.Collector;
import io.fleetglance.agent.collect.CollectorSet;
import io.fleetglance.agent.collect.HostRoot;
import io.fleetglance.agent.stream.StreamClient;
import io.fleetglance.common.wire.SampleDeltas;
import io.fleetglance.proto.AgentMessage;
import io.fleetglance.proto.CpuTimes;
import io.fleetglance.proto.Hello;
import io.fleetglance.proto.HubMessage;
import io.fleetglance.proto.IngestGrpc;
import io.fleetglance.proto.ProcessTable;
import io.fleetglance.proto.Sample;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the fleet benchmarks share: the hub jar run as its own process on a state directory, as {@code ./fleetglance
 * hub} runs it (TLS on ingest and an enrollment token, unless {@code tls} is false: then {@code --insecure}), and
 * simulated hosts that stream this machine's sample, its process table cut or padded to {@link #PROCESSES}
 * processes and its counters advanced as a busy machine's would be.
 */
final class BenchFleet implements AutoCloseable {

    static final int PROCESSES = Integer.getInteger("bench.processes", 100);
    /** Whether the streams send deltas, as agents do (-Dbench.deltas=false: whole samples, as older agents do). */
    static final boolean DELTAS = !"false".equals(System.getProperty("bench.deltas"));
    static final Path JAR = Path.of("target", "fleetglance-hub-0.1.0-all.jar");

    final Path state;
    final boolean tls;
    final int rest;
    final int ingest;
    final HttpClient http = HttpClient.newHttpClient();
    /** Samples acknowledged on all streams (an ack covers every sample of its stream up to its seq). */
    final AtomicLong acks = new AtomicLong();
    /** Samples the generator sent, their bytes on the wire (before TLS), and its slowest tick since the last reset. */
    final AtomicLong sent = new AtomicLong();
    final AtomicLong sentBytes = new AtomicLong();
    /** The gzipped bytes of the samples of the first stream (all streams send the same kind of sample). */
    final AtomicLong sentGzipped = new AtomicLong();
    final AtomicLong slowestTickNs = new AtomicLong();
    private java.lang.Process hub;
    /** The shared store the hub is given ({@code --store URL} and its password), or null for the embedded one. */
    private String[] store;
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final ScheduledExecutorService senders = Executors.newScheduledThreadPool(2);

    private BenchFleet(Path state, boolean tls) throws IOException {
        this.state = state;
        this.tls = tls;
        this.rest = freePort();
        this.ingest = freePort();
    }

    /**
     * Starts the hub on a fresh state directory and waits until it answers; its output goes to {@code log}. The state
     * says that the hub knew {@code hosts} hosts, as a deployed hub's does after its first run: the launcher's JVM
     * (packaging/hub-heap) is then the one sized for that fleet.
     */
    static BenchFleet start(boolean tls, String log, int hosts) throws Exception {
        return start(tls, log, hosts, null, null);
    }

    /** As {@link #start(boolean, String, int)}, with the hub's store in PostgreSQL at {@code storeUrl} when not null. */
    static BenchFleet start(boolean tls, String log, int hosts, String storeUrl, String storePassword)
            throws Exception {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException("build the hub jar first: mvn -DskipTests package");
        }
        BenchFleet fleet = new BenchFleet(Files.createTempDirectory(Path.of("target"), "bench-state"), tls);
        Files.createDirectories(fleet.state.resolve("hub"));
        Files.writeString(fleet.state.resolve("hub").resolve("fleet-size"), hosts + "\n");
        fleet.store = storeUrl == null ? null : new String[] {storeUrl, storePassword};
        fleet.restart(log);
        return fleet;
    }

    /** Starts the hub (again) on the same state directory and ports; returns how long until it answered, in s. */
    double restart(String log) throws Exception {
        List<String> command = new ArrayList<>(List.of("java"));
        String options = System.getProperty("bench.hubopts");
        if (options == null) {
            // as the launcher runs the hub: its JVM sized for the fleet it knew (packaging/hub-heap), then its flags
            String flags = hubOptions();
            options = fleetJvm(state, flags) + " " + flags;
        }
        command.addAll(List.of(options.trim().split("\\s+")));
        // every simulated host comes from 127.0.0.1: the per-address Hello limit would refuse all but the first ~50
        Path config = state.resolve("bench-glances.conf");
        Files.writeString(config, "[fleet]\nhello_burst=100000\nhello_rate=100000\n");
        command.addAll(List.of("-jar", JAR.toString(), "hub", "--bind", "127.0.0.1", "--port", String.valueOf(rest),
                "--ingest-port", String.valueOf(ingest), "--no-local-agent", "--state-dir", state.toString(),
                "--config", config.toString()));
        if (!tls) {
            command.add("--insecure");
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        if (store != null) {
            command.addAll(List.of("--store", store[0], "--advertise-url", "http://127.0.0.1:" + rest));
            builder.environment().put("FLEETGLANCE_STORE_PASSWORD", store[1]);
        }
        long t0 = System.nanoTime();
        hub = builder.redirectErrorStream(true).redirectOutput(Path.of(log).toFile()).start();
        for (int i = 0; i < 1200; i++) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rest + "/api/4/status")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return (System.nanoTime() - t0) / 1e9;
                }
            } catch (IOException notYet) {
                // the hub is still starting
            }
            if (!hub.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the hub did not start; see " + log);
    }

    long pid() {
        return hub.pid();
    }

    /** Opens {@code hosts} streams (bench-0, bench-1, …) over ten connections and sends a sample on each per period. */
    void stream(int hosts, Duration period) throws Exception {
        Sample template = template();
        String token = Files.readString(state.resolve("hub").resolve("enrollment-token")).trim();
        for (int c = 0; c < 10; c++) {
            NettyChannelBuilder b = NettyChannelBuilder.forAddress("127.0.0.1", ingest);
            channels.add(tls ? b.sslContext(GrpcSslContexts.forClient()
                    .trustManager(state.resolve("hub").resolve("ca.pem").toFile()).build()).build()
                    : b.usePlaintext().build());
        }
        List<StreamObserver<AgentMessage>> streams = new ArrayList<>();
        for (int i = 0; i < hosts; i++) {
            // gzipped, as the agents send their samples: the hub's cost includes reading them
            StreamObserver<AgentMessage> s = IngestGrpc.newStub(channels.get(i % channels.size()))
                    .withCompression("gzip")
                    .connect(new StreamObserver<HubMessage>() {
                        private long acked;

                        @Override
                        public void onNext(HubMessage value) {
                            if (value.hasAck() && value.getAck().getSeq() > acked) {
                                acks.addAndGet(value.getAck().getSeq() - acked);
                                acked = value.getAck().getSeq();
                            }
                        }

                        @Override
                        public void onError(Throwable t) {
                        }

                        @Override
                        public void onCompleted() {
                        }
                    });
            s.onNext(AgentMessage.newBuilder().setHello(Hello.newBuilder().setHostName("bench-" + i)
                    .setAgentId("bench-agent-" + i).setAgentVersion("bench").setSamplePeriodMs((int) period.toMillis())
                    .setToken(token).setCredential("bench-credential-" + i).setNextSeq(1)).build());
            streams.add(s);
        }
        long[] tick = {0};
        Sample[] sentBefore = new Sample[hosts];
        senders.scheduleAtFixedRate(() -> {
            long t0 = System.nanoTime();
            long n = ++tick[0];
            for (int i = 0; i < streams.size(); i++) {
                Sample whole = advance(template, n, i);
                // as an agent sends to a hub that takes deltas: what changed since the sample before
                Sample delta = DELTAS && (n - 1) % StreamClient.WHOLE_EVERY != 0
                        ? SampleDeltas.encode(sentBefore[i], whole) : null;
                sentBefore[i] = whole;
                AgentMessage message = AgentMessage.newBuilder().setSample(delta != null ? delta : whole).build();
                sentBytes.addAndGet(message.getSerializedSize());
                if (i == 0) {
                    // grpc-java sends a message as it is when gzip does not make it smaller, as the agent does
                    byte[] bytes = message.toByteArray();
                    sentGzipped.addAndGet(Math.min(bytes.length, gzipped(bytes)));
                }
                sent.incrementAndGet();
                synchronized (streams.get(i)) {
                    streams.get(i).onNext(message);
                }
            }
            slowestTickNs.accumulateAndGet(System.nanoTime() - t0, Math::max);
        }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    static int gzipped(byte[] bytes) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.size();
    }

    /** Stops sending and closes the connections; the hub keeps running. */
    void stopStreams() {
        senders.shutdownNow();
        channels.forEach(ManagedChannel::shutdownNow);
    }

    /** Stops the hub (SIGTERM) and waits for it. */
    void stopHub() throws InterruptedException {
        hub.destroy();
        hub.waitFor(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        stopStreams();
        stopHub();
    }

    /** The hub's CPU ticks (1/100 s), or one thread's when {@code stat} names a task. */
    static long cpuTicks(Path stat) throws IOException {
        String s = Files.readString(stat);
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    long cpuTicks() throws IOException {
        return cpuTicks(Path.of("/proc", String.valueOf(pid()), "stat"));
    }

    long rssKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    /** This machine's sample, with the process table cut or padded to {@link #PROCESSES} processes. */
    static Sample template() throws IOException {
        Sample.Builder b = Sample.newBuilder();
        for (Collector c : CollectorSet.standard(HostRoot.system()).all()) {
            c.collect(b);
        }
        ProcessTable.Builder table = b.getProcesses().toBuilder().clearProcesses();
        List<io.fleetglance.proto.Process> real = b.getProcesses().getProcessesList();
        for (int i = 0; i < PROCESSES; i++) {
            table.addProcesses(real.get(i % real.size()).toBuilder().setPid(100_000 + i).setStartTime(1000 + i));
        }
        return b.setProcesses(table).build();
    }

    /** The template's n-th sample of stream i: seq, clocks and counters advanced as a busy machine's would be. */
    static Sample advance(Sample t, long n, int i) {
        Sample.Builder b = t.toBuilder().setSeq(n).setWallTimeUs(System.currentTimeMillis() * 1000)
                .setMonoTimeNs(System.nanoTime());
        if (t.hasCpu()) {
            CpuTimes c = t.getCpu().getTimes();
            b.getCpuBuilder().setTimes(c.toBuilder().setUser(c.getUser() + n * (20 + i % 50))
                    .setSystem(c.getSystem() + n * 10).setIdle(c.getIdle() + n * 150))
                    .setCtxSwitches(t.getCpu().getCtxSwitches() + n * 900);
        }
        ProcessTable.Builder table = b.getProcessesBuilder();
        for (int k = 0; k < table.getProcessesCount(); k++) {
            io.fleetglance.proto.Process.Builder p = table.getProcessesBuilder(k);
            p.setUtime(p.getUtime() + n * (k % 7)).setStime(p.getStime() + n * (k % 3)).clearFacts();
        }
        return b.build();
    }

    /** What {@code packaging/hub-heap} says for the hub of {@code state} run with {@code flags}: -Xmx and more. */
    private static String fleetJvm(Path state, String flags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sh", Path.of("..", "packaging", "hub-heap").toString(),
                state.toString()));
        command.addAll(List.of(flags.trim().split("\\s+")));
        java.lang.Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String flag = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0 || !flag.startsWith("-Xmx")) {
            throw new IllegalStateException("packaging/hub-heap said: " + flag);
        }
        return flag;
    }

    /** HUB_JAVA_OPTS's default in the ./fleetglance launcher. */
    private static String hubOptions() {
        try {
            for (String line : Files.readAllLines(Path.of("..", "fleetglance"))) {
                int at = line.indexOf("HUB_JAVA_OPTS=\"${HUB_JAVA_OPTS:-");
                if (at >= 0) {
                    String rest = line.substring(at + "HUB_JAVA_OPTS=\"${HUB_JAVA_OPTS:-".length());
                    return rest.substring(0, rest.indexOf('}'));
                }
            }
        } catch (IOException e) {
            // fall through to no flags
        }
        return "-XX:+UseG1GC";
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
