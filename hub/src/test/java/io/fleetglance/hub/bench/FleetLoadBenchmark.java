package io.fleetglance.hub.bench;

import io.fleetglance.agent.collect.Collector;
import io.fleetglance.agent.collect.CollectorSet;
import io.fleetglance.agent.collect.HostRoot;
import io.fleetglance.proto.AgentMessage;
import io.fleetglance.proto.CpuTimes;
import io.fleetglance.proto.Hello;
import io.fleetglance.proto.HubMessage;
import io.fleetglance.proto.IngestGrpc;
import io.fleetglance.proto.Process;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints the hub's answer times under a fleet: the real hub jar runs as its own process, 200 gRPC streams send
 * realistic samples (this machine's sample, its process table padded to about 100 processes, counters advancing)
 * every 2 s, then 1,000 sequential requests of {@code /hosts/{h}/api/4/cpu} and of {@code /all} are timed, and the
 * hub's CPU use is read from /proc. A benchmark, excluded from the normal build: {@code bench/hub-fleet-load.sh}.
 */
@Tag("benchmark")
class FleetLoadBenchmark {

    private static final int STREAMS = Integer.getInteger("bench.streams", 200);
    private static final int PROCESSES = 100;
    /** TLS on ingest as a hub runs by default; -Dbench.tls=false runs the hub --insecure (plaintext h2c). */
    private static final boolean TLS = Boolean.parseBoolean(System.getProperty("bench.tls", "true"));

    @Test
    void twoHundredStreams() throws Exception {
        Path jar = Path.of("target", "fleetglance-hub-0.1.0-all.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("build the hub jar first: mvn -DskipTests package");
        }
        int rest = freePort();
        int ingest = freePort();
        // the hub's JVM flags: those ./fleetglance gives it, unless -Dbench.hubopts says otherwise
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(List.of(System.getProperty("bench.hubopts", hubOptions()).trim().split("\\s+")));
        Path state = Files.createTempDirectory(Path.of("target"), "bench-state");
        command.addAll(List.of("-jar", jar.toString(), "hub", "--bind", "127.0.0.1", "--port", String.valueOf(rest),
                "--ingest-port", String.valueOf(ingest), "--no-local-agent", "--state-dir", state.toString()));
        if (!TLS) {
            command.add("--insecure");
        }
        java.lang.Process hub = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Path.of("target", "bench-hub.log").toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        List<ManagedChannel> channels = new ArrayList<>();
        ScheduledExecutorService senders = Executors.newScheduledThreadPool(2);
        try {
            waitForStatus(http, rest);
            Sample template = template();
            String token = Files.readString(state.resolve("hub").resolve("enrollment-token")).trim();
            for (int c = 0; c < 10; c++) {
                NettyChannelBuilder b = NettyChannelBuilder.forAddress("127.0.0.1", ingest);
                channels.add(TLS ? b.sslContext(GrpcSslContexts.forClient()
                        .trustManager(state.resolve("hub").resolve("ca.pem").toFile()).build()).build()
                        : b.usePlaintext().build());
            }
            List<StreamObserver<AgentMessage>> streams = new ArrayList<>();
            for (int i = 0; i < STREAMS; i++) {
                StreamObserver<AgentMessage> s = IngestGrpc.newStub(channels.get(i % channels.size()))
                        .connect(new StreamObserver<HubMessage>() {
                            @Override
                            public void onNext(HubMessage value) {
                            }

                            @Override
                            public void onError(Throwable t) {
                            }

                            @Override
                            public void onCompleted() {
                            }
                        });
                s.onNext(AgentMessage.newBuilder().setHello(Hello.newBuilder().setHostName("bench-" + i)
                        .setAgentId("bench-agent-" + i).setAgentVersion("bench").setSamplePeriodMs(2000)
                        .setToken(token).setCredential("bench-credential-" + i)
                        .setNextSeq(1)).build());
                streams.add(s);
            }
            long[] tick = {0};
            senders.scheduleAtFixedRate(() -> {
                long n = ++tick[0];
                for (int i = 0; i < streams.size(); i++) {
                    synchronized (streams.get(i)) {
                        streams.get(i).onNext(AgentMessage.newBuilder().setSample(advance(template, n, i)).build());
                    }
                }
            }, 0, 2, TimeUnit.SECONDS);
            Thread.sleep(30_000); // rates exist, and the hub's JIT has settled: the steady state is measured

            long pid = hub.pid();
            long cpu0 = cpuTicks(pid);
            long t0 = System.nanoTime();
            Thread.sleep(20_000);
            double ingestCpu = 100.0 * (cpuTicks(pid) - cpu0) / 100.0 / ((System.nanoTime() - t0) / 1e9);
            System.out.printf("BENCH hub with %d streams (%s), %d processes each, one sample per 2 s: cpu=%.1f%% of "
                    + "one core (%.3f cpu-seconds per 1,000 samples), rss=%.0f MiB%n", STREAMS,
                    TLS ? "TLS 1.3" : "plaintext", PROCESSES, ingestCpu, ingestCpu / 100.0 * 2000.0 / STREAMS,
                    rssKiB(pid) / 1024.0);

            String[] paths = {"/hosts/bench-17/api/4/cpu", "/hosts/bench-17/api/4/all",
                    "/hosts/bench-17/api/4/processlist"};
            // warm every request path first, so that no path pays the JIT for the others
            for (int i = 0; i < 500; i++) {
                for (String path : paths) {
                    http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rest + path)).build(),
                            HttpResponse.BodyHandlers.discarding());
                }
            }
            for (String path : paths) {
                HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rest + path)).build();
                long c0 = cpuTicks(pid);
                long w0 = System.nanoTime();
                long[] ns = new long[1000];
                int bytes = 0;
                for (int i = 0; i < ns.length; i++) {
                    long s = System.nanoTime();
                    HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
                    ns[i] = System.nanoTime() - s;
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException(path + " answered " + r.statusCode());
                    }
                    bytes = r.body().length;
                }
                double cpu = 100.0 * (cpuTicks(pid) - c0) / 100.0 / ((System.nanoTime() - w0) / 1e9);
                Arrays.sort(ns);
                System.out.printf("BENCH GET %-36s %6d bytes p50=%.3f ms p99=%.3f ms (hub cpu while asked: %.0f%%)%n",
                        path, bytes, ns[500] / 1e6, ns[990] / 1e6, cpu);
            }
        } finally {
            senders.shutdownNow();
            channels.forEach(ManagedChannel::shutdownNow);
            hub.destroy();
            hub.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** This machine's sample, with the process table cut or padded to {@value #PROCESSES} processes. */
    private static Sample template() throws Exception {
        Sample.Builder b = Sample.newBuilder();
        for (Collector c : CollectorSet.standard(HostRoot.system()).all()) {
            c.collect(b);
        }
        ProcessTable.Builder table = b.getProcesses().toBuilder().clearProcesses();
        List<Process> real = b.getProcesses().getProcessesList();
        for (int i = 0; i < PROCESSES; i++) {
            Process p = real.get(i % real.size());
            table.addProcesses(p.toBuilder().setPid(100_000 + i).setStartTime(1000 + i));
        }
        return b.setProcesses(table).build();
    }

    /** The template's n-th sample of stream i: seq, clocks and counters advanced as a busy machine's would be. */
    private static Sample advance(Sample t, long n, int i) {
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
            Process.Builder p = table.getProcessesBuilder(k);
            p.setUtime(p.getUtime() + n * (k % 7)).setStime(p.getStime() + n * (k % 3)).clearFacts();
        }
        return b.build();
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

    private static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static long rssKiB(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void waitForStatus(HttpClient http, int port) throws Exception {
        for (int i = 0; i < 100; i++) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/4/status")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the hub is still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the hub did not start; see target/bench-hub.log");
    }
}
