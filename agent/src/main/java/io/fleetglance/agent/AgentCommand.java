package io.fleetglance.agent;

import io.fleetglance.agent.collect.Collectors;
import io.fleetglance.agent.collect.HostRoot;
import io.fleetglance.common.config.GlancesConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fleetglance agent}: runs an agent that streams this machine to a hub. */
@Command(name = "agent", mixinStandardHelpOptions = true, version = "fleetglance agent " + Agent.VERSION,
        description = "Samples this machine and streams it to a Fleetglance hub.")
public final class AgentCommand implements Callable<Integer> {

    @Option(names = "--hub", required = true, defaultValue = "${env:FLEETGLANCE_HUB}",
            description = "The hub's ingest address, HOST:PORT (port defaults to 61209). Env: FLEETGLANCE_HUB.")
    String hub;

    @Option(names = "--name", defaultValue = "${env:FLEETGLANCE_NAME}",
            description = "The name this host is served under (default: the machine's host name). Env: FLEETGLANCE_NAME.")
    String name;

    @Option(names = "--period", defaultValue = "2", description = "Seconds between samples, at least 1 (default 2).")
    double period;

    @Option(names = "--token", defaultValue = "${env:FLEETGLANCE_TOKEN}",
            description = "The hub's ingest token, when it requires one. Env: FLEETGLANCE_TOKEN.")
    String token;

    @Option(names = "--state-dir", description = "Where the agent keeps its stable id (default ~/.local/state/fleetglance).")
    Path stateDir;

    @Option(names = "--root", defaultValue = "${env:FLEETGLANCE_ROOT:-/}",
            description = "The root the machine is read through, e.g. /host when /proc and /sys of the host are "
                    + "mounted there (default /). Env: FLEETGLANCE_ROOT.")
    Path root;

    @Option(names = {"-C", "--config"}, paramLabel = "FILE",
            description = "This agent's own glances.conf: its keys win over the hub's for this agent.")
    Path configFile;

    @Option(names = "--outbox", defaultValue = "900",
            description = "How many unacknowledged samples to keep while the hub is unreachable (default 900).")
    int outbox;

    @Option(names = "--outbox-mib", defaultValue = "8",
            description = "At most this many MiB of samples wait for the hub (default 8; the agent's heap is 24 MiB).")
    double outboxMib;

    @Override
    public Integer call() throws Exception {
        if (outboxMib < 0.001 || outboxMib > 16) {
            throw new IllegalArgumentException("--outbox-mib must be between 0.001 and 16, got " + outboxMib);
        }
        if (period < 1 || period > 3600) {
            throw new IllegalArgumentException("--period must be between 1 and 3600 seconds, got " + period);
        }
        HubAddress address = HubAddress.parse(hub);
        HostRoot hostRoot = new HostRoot(root);
        String hostName = name == null || name.isBlank() ? HostNames.defaultName(hostRoot) : name;
        Path dir = stateDir != null ? stateDir : AgentSettings.defaultStateDir();
        String id = AgentIdentity.loadOrCreate(dir.resolve("agent-" + hostName + ".id"));
        AgentSettings settings = AgentSettings.of(address.host(), address.port(), hostName, id)
                .withPeriod(Duration.ofMillis(Math.round(period * 1000)))
                .withToken(token)
                .withOutboxCapacity(outbox)
                .withOutboxBytes(Math.round(outboxMib * 1024 * 1024))
                .withRoot(hostRoot);
        Collectors collectors = Collectors.standard(hostRoot);
        GlancesConfig local = configFile == null ? GlancesConfig.empty() : GlancesConfig.load(configFile);
        Agent agent = new Agent(settings, collectors.all(), collectors.processes(), local);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.countDown();
        }, "fleetglance-shutdown"));
        agent.start();
        stopped.await();
        return 0;
    }
}
