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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints what the store costs a hub: the hub jar runs as its own process with a state directory, N simulated hosts
 * (default 1,000; {@code -Dbench.hosts}) stream realistic samples (about 100 processes each) every second for
 * {@code -Dbench.seconds} (default 90), then the hub is stopped and started again on the same store. Prints RSS, live
 * heap per host, the hub's CPU and its store writer's CPU (% of one core), store bytes per host per day and per raw
 * point, commits (fsyncs) per second and the restart time. A benchmark, excluded from the normal build:
 * {@code bench/hub-store.sh}.
 */
@Tag("benchmark")
class HubStoreBenchmark {

    private static final int HOSTS = Integer.getInteger("bench.hosts", 1000);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 90);
    private static final int PROCESSES = 100;

    @Test
    void storeUnderAFleet() throws Exception {
        Path jar = Path.of("target", "fleetglance-hub-0.1.0-all.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("build the hub jar first: mvn -DskipTests package");
        }
        Path state = Files.createTempDirectory("fleetglance-bench-store");
        int rest = freePort();
        int ingest = freePort();
        java.lang.Process hub = startHub(jar, state, rest, ingest, "target/bench-store-hub.log");
        HttpClient http = HttpClient.newHttpClient();
        List<ManagedChannel> channels = new ArrayList<>();
        ScheduledExecutorService senders = Executors.newScheduledThreadPool(2);
        AtomicLong acks = new AtomicLong();
        try {
            waitForStatus(http, rest);
            Sample template = template();
            for (int c = 0; c < 10; c++) {
                channels.add(NettyChannelBuilder.forAddress("127.0.0.1", ingest).usePlaintext().build());
            }
            List<StreamObserver<AgentMessage>> streams = new ArrayList<>();
            for (int i = 0; i < HOSTS; i++) {
                StreamObserver<AgentMessage> s = IngestGrpc.newStub(channels.get(i % channels.size()))
                        .connect(new StreamObserver<HubMessage>() {
                            @Override
                            public void onNext(HubMessage value) {
                                if (value.hasAck()) {
                                    acks.incrementAndGet();
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
                        .setAgentId("bench-agent-" + i).setAgentVersion("bench").setSamplePeriodMs(1000)
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
            }, 0, 1, TimeUnit.SECONDS);
            int warmup = Math.min(30, SECONDS / 3);
            Thread.sleep(warmup * 1000L);
            long pid = hub.pid();
            long cpu0 = cpuTicks(Path.of("/proc", String.valueOf(pid), "stat"));
            long writer0 = writerTicks(pid);
            long bytes0 = storeBytes(state);
            long t0 = System.nanoTime();
            Thread.sleep((SECONDS - warmup) * 1000L);
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (cpuTicks(Path.of("/proc", String.valueOf(pid), "stat")) - cpu0) / wall;
            double writerCpu = (writerTicks(pid) - writer0) / wall;
            long grown = storeBytes(state) - bytes0;
            long rss = rssKiB(pid);
            senders.shutdownNow();
            long heap = liveHeapKiB(pid);
            System.out.printf("BENCH hub store: %d hosts, %d processes each, one sample per 1 s, %d s (%d s measured)%n",
                    HOSTS, PROCESSES, SECONDS, Math.round(wall));
            System.out.printf("BENCH rss=%.0f MiB, live heap=%.0f MiB (%.0f KiB per host, history rings allocated at"
                    + " full size), acks=%d%n", rss / 1024.0, heap / 1024.0, heap / (double) HOSTS, acks.get());
            System.out.printf("BENCH cpu: hub %.1f%% of one core, store writer thread (persistence) %.1f%%%n", cpu,
                    writerCpu);
            System.out.printf("BENCH store growth: %.0f bytes per host per second = %.1f MiB per host per day (raw tier"
                    + " plus WAL)%n", grown / wall / HOSTS, grown / wall / HOSTS * 86400 / 1048576);
        } finally {
            senders.shutdownNow();
            channels.forEach(ManagedChannel::shutdownNow);
            hub.destroy();
            hub.waitFor(60, TimeUnit.SECONDS);
        }
        for (String line : Files.readAllLines(Path.of("target", "bench-store-hub.log"))) {
            if (line.contains("commits in")) {
                System.out.println("BENCH fsyncs: " + line.substring(line.indexOf("store ")));
            }
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + state.resolve("hub.db"));
                Statement s = c.createStatement()) {
            long rows;
            long blobBytes;
            try (ResultSet r = s.executeQuery("SELECT count(*), sum(length(data)) FROM raw")) {
                r.next();
                rows = r.getLong(1);
                blobBytes = r.getLong(2);
            }
            long series;
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM series WHERE host_id = (SELECT min(id) FROM hosts)")) {
                r.next();
                series = r.getLong(1);
            }
            long file = Files.size(state.resolve("hub.db"));
            double points = (double) rows * series;
            System.out.printf("BENCH raw tier: %d samples x ~%d series = %.0f points; %.2f bytes per point in the"
                    + " blobs, %.2f bytes per point on disk (file %d MiB)%n", rows, series, points,
                    blobBytes / points, file / points, file >> 20);
        }
        long r0 = System.nanoTime();
        java.lang.Process again = startHub(jar, state, rest, ingest, "target/bench-store-restart.log");
        try {
            waitForStatus(http, rest);
            System.out.printf("BENCH restart with %d hosts' state: serving after %.1f s%n", HOSTS,
                    (System.nanoTime() - r0) / 1e9);
        } finally {
            again.destroy();
            again.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private static java.lang.Process startHub(Path jar, Path state, int rest, int ingest, String log)
            throws Exception {
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(List.of(System.getProperty("bench.hubopts", "-XX:+UseG1GC").trim().split("\\s+")));
        command.addAll(List.of("-jar", jar.toString(), "hub", "--bind", "127.0.0.1", "--port", String.valueOf(rest),
                "--ingest-port", String.valueOf(ingest), "--no-local-agent", "--state-dir", state.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(Path.of(log).toFile()).start();
    }

    /** The CPU ticks (1/100 s) of the store's writer thread. */
    private static long writerTicks(long pid) throws Exception {
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String comm = Files.readString(task.resolve("comm")).trim();
                if (comm.startsWith("fleetglance-sto")) {
                    return cpuTicks(task.resolve("stat"));
                }
            }
        }
        return 0;
    }

    private static long storeBytes(Path state) throws Exception {
        long total = 0;
        for (String name : List.of("hub.db", "hub.db-wal")) {
            Path f = state.resolve(name);
            total += Files.exists(f) ? Files.size(f) : 0;
        }
        return total;
    }

    /** The heap in use right after a full collection, as the hub's own JVM reports it. */
    private static long liveHeapKiB(long pid) throws Exception {
        run("jcmd", String.valueOf(pid), "GC.run");
        String info = run("jcmd", String.valueOf(pid), "GC.heap_info");
        Matcher m = Pattern.compile("used (\\d+)K").matcher(info);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static String run(String... command) throws Exception {
        java.lang.Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    private static Sample template() throws Exception {
        Sample.Builder b = Sample.newBuilder();
        for (Collector c : CollectorSet.standard(HostRoot.system()).all()) {
            c.collect(b);
        }
        ProcessTable.Builder table = b.getProcesses().toBuilder().clearProcesses();
        List<Process> real = b.getProcesses().getProcessesList();
        for (int i = 0; i < PROCESSES; i++) {
            table.addProcesses(real.get(i % real.size()).toBuilder().setPid(100_000 + i).setStartTime(1000 + i));
        }
        return b.setProcesses(table).build();
    }

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

    private static long cpuTicks(Path stat) throws Exception {
        String s = Files.readString(stat);
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
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
        for (int i = 0; i < 600; i++) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/4/status")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the hub is still starting
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the hub did not start; see target/bench-store-hub.log");
    }
}
