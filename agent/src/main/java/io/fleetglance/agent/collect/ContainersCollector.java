package io.fleetglance.agent.collect;

import io.fleetglance.proto.Container;
import io.fleetglance.proto.ContainersReading;
import io.fleetglance.proto.Sample;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The containers plugin: asks the Docker or Podman engine on its unix socket for the containers and, for each
 * running one, its cumulative counters. Sockets tried, in order: Docker's ({@code DOCKER_HOST} when it is a
 * {@code unix://} address, else {@code /var/run/docker.sock}), then Podman's ({@code [containers] podman_sock} when
 * set, else {@code /run/podman/podman.sock}, {@code $XDG_RUNTIME_DIR/podman/podman.sock} and Glances' default
 * {@code /run/user/1000/podman/podman.sock}), all under the host root. Which engine answers a socket is told by its
 * {@code /version}, so Podman's Docker-compatible socket at Docker's path is still reported as podman.
 *
 * <p>A hung engine must not stall the sampler: requests run on a small pool, each bounded by its connect and read
 * timeouts, and a sample waits for them at most its budget; containers whose answers are late are left out of that
 * sample, and an engine whose list timed out is left alone for {@value #BACKOFF_SECONDS} s. Without any engine
 * answering, the reading says so ({@code engine_reachable=false}).
 */
public final class ContainersCollector implements Collector, AutoCloseable {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    static final long BACKOFF_SECONDS = 30;
    private static final int POOL_THREADS = 4;

    private record Settings(boolean disabled, boolean all, String podmanSock) {
    }

    /** One engine's answer to the container list. */
    private record EngineList(ContainerEngineApi api, String engine, List<Object> containers,
                              Map<String, ContainerEngineApi.Pod> pods) {
    }

    private final HostRoot root;
    private final Map<String, String> env;
    private final Duration requestTimeout;
    private final long budgetNs;
    private final ThreadPoolExecutor pool;
    private final Map<Path, ContainerEngineApi> apis = new ConcurrentHashMap<>();
    private final Map<Path, Long> backoffUntilNs = new ConcurrentHashMap<>();
    private volatile Settings settings = new Settings(false, false, null);

    /** Reads the engines of the machine under {@code root}, with 2 s timeouts and a 2 s budget per sample. */
    public ContainersCollector(HostRoot root) {
        this(root, System.getenv(), DEFAULT_TIMEOUT, DEFAULT_TIMEOUT);
    }

    ContainersCollector(HostRoot root, Map<String, String> env, Duration requestTimeout, Duration budget) {
        this.root = root;
        this.env = Map.copyOf(env);
        this.requestTimeout = requestTimeout;
        this.budgetNs = budget.toNanos();
        AtomicInteger threads = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(POOL_THREADS, POOL_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "fleetglance-containers-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        // No thread stays up on a host without containers.
        pool.allowCoreThreadTimeOut(true);
    }

    @Override
    public List<String> plugins() {
        return List.of("containers");
    }

    @Override
    public void configure(Map<String, Map<String, String>> sections) {
        GlancesSection section = GlancesSection.of(sections, "containers");
        settings = new Settings(section.isTrue("disable"), section.isTrue("all"),
                section.get("podman_sock").filter(s -> !s.isEmpty()).orElse(null));
    }

    @Override
    public void collect(Sample.Builder sample) {
        Settings now = settings;
        if (now.disabled()) {
            return;
        }
        long deadline = System.nanoTime() + budgetNs;
        Map<Path, Future<EngineList>> asked = new LinkedHashMap<>();
        for (Path socket : sockets(now)) {
            ContainerEngineApi api = apis.computeIfAbsent(socket,
                    s -> new ContainerEngineApi(new UnixHttpClient(s, requestTimeout, requestTimeout)));
            asked.put(socket, pool.submit(() -> list(api, now.all())));
        }
        List<EngineList> answered = new ArrayList<>();
        for (Map.Entry<Path, Future<EngineList>> e : asked.entrySet()) {
            EngineList list = await(e.getValue(), deadline, e.getKey());
            if (list != null) {
                answered.add(list);
            }
        }

        List<Future<Container>> details = new ArrayList<>();
        for (EngineList list : answered) {
            for (Object entry : list.containers()) {
                Map<String, Object> listed = JsonReader.object(entry);
                String id = JsonReader.string(listed.get("Id"));
                if (id != null && !id.isEmpty()) {
                    details.add(pool.submit(() -> container(list, id, listed)));
                }
            }
        }
        ContainersReading.Builder reading = ContainersReading.newBuilder().setEngineReachable(!answered.isEmpty());
        for (Future<Container> detail : details) {
            Container container = await(detail, deadline, null);
            if (container != null) {
                reading.addContainers(container);
            }
        }
        sample.setContainers(reading);
    }

    private static EngineList list(ContainerEngineApi api, boolean all) throws IOException {
        String engine = api.engine();
        List<Object> containers = api.containers(all);
        Map<String, ContainerEngineApi.Pod> pods = Map.of();
        if (engine.equals("podman")) {
            try {
                pods = api.podsByContainer();
            } catch (IOException e) {
                // Pods only name containers; the containers themselves are still worth reporting.
            }
        }
        return new EngineList(api, engine, containers, pods);
    }

    private static Container container(EngineList list, String id, Map<String, Object> listed) throws IOException {
        Map<String, Object> inspected = list.api().inspect(id);
        Container.Builder container = ContainerReadings.identity(list.engine(), listed, inspected);
        String state = container.getStatus();
        if (state.equals("running") || state.equals("paused")) {
            ContainerReadings.addStats(container, list.api().stats(id));
        }
        ContainerEngineApi.Pod pod = list.pods().get(id);
        if (pod != null) {
            container.setPodName(pod.name()).setPodId(pod.id().length() > 12 ? pod.id().substring(0, 12) : pod.id());
        }
        return container.build();
    }

    /**
     * The task's result, or null when it failed or is not done by the deadline. A late or timed-out engine list
     * ({@code socket} not null) sends its engine into backoff.
     */
    private <T> T await(Future<T> task, long deadline, Path socket) {
        try {
            return task.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            backOff(socket);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SocketTimeoutException || cause instanceof InterruptedIOException) {
                backOff(socket);
            } else if (socket != null) {
                ContainerEngineApi api = apis.get(socket);
                if (api != null) {
                    api.forgetEngine();
                }
            }
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private void backOff(Path socket) {
        if (socket != null) {
            backoffUntilNs.put(socket, System.nanoTime() + TimeUnit.SECONDS.toNanos(BACKOFF_SECONDS));
        }
    }

    /** The engine sockets that exist, each file once (a symlinked path is the same engine), not in backoff. */
    private List<Path> sockets(Settings now) {
        List<String> candidates = new ArrayList<>();
        String dockerHost = env.get("DOCKER_HOST");
        candidates.add(dockerHost != null && dockerHost.startsWith("unix://")
                ? dockerHost.substring("unix://".length()) : "/var/run/docker.sock");
        if (now.podmanSock() != null) {
            candidates.add(now.podmanSock().startsWith("unix://")
                    ? now.podmanSock().substring("unix://".length()) : now.podmanSock());
        } else {
            candidates.add("/run/podman/podman.sock");
            String runtimeDir = env.get("XDG_RUNTIME_DIR");
            if (runtimeDir != null && runtimeDir.startsWith("/")) {
                candidates.add(runtimeDir + "/podman/podman.sock");
            }
            candidates.add("/run/user/1000/podman/podman.sock");
        }
        Set<Path> seen = new LinkedHashSet<>();
        List<Path> sockets = new ArrayList<>();
        long nowNs = System.nanoTime();
        for (String candidate : candidates) {
            Path path = root.resolve(candidate);
            Path real;
            try {
                // One stat first: most hosts have none of these sockets, and toRealPath says so with an exception
                // (its stack and all) for each, at every sample.
                if (!path.toFile().exists()) {
                    continue;
                }
                real = path.toRealPath();
            } catch (IOException | SecurityException e) {
                continue;
            }
            if (!seen.add(real) || Files.isDirectory(real)) {
                continue;
            }
            Long until = backoffUntilNs.get(real);
            if (until != null) {
                if (nowNs - until < 0) {
                    continue;
                }
                backoffUntilNs.remove(real);
            }
            sockets.add(real);
        }
        return sockets;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
