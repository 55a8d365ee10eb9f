package io.fleetglance.agent;

import io.fleetglance.agent.collect.HostRoot;
import io.fleetglance.agent.tls.HubTrust;
import io.fleetglance.common.names.HostNameSyntax;
import io.fleetglance.common.names.LogText;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Everything an agent needs to know to run: where the hub is, who it is, how often it samples, where its outbox is
 * kept ({@code outboxDir}; null: in memory).
 */
public record AgentSettings(
        String hubHost,
        int hubPort,
        String name,
        String agentId,
        Duration period,
        String token,
        int outboxCapacity,
        long outboxBytes,
        HostRoot root,
        Duration backoffInitial,
        Duration backoffMax,
        Duration keepAliveTime,
        Duration keepAliveTimeout,
        Path outboxDir,
        HubTrust trust,
        String credential,
        List<HubAddress> otherHubs) {

    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(2);
    public static final int DEFAULT_OUTBOX_CAPACITY = 900;
    public static final long DEFAULT_OUTBOX_BYTES = 8L * 1024 * 1024;
    /** Silence from the hub after which the agent pings it, and how long the ping may go unanswered. */
    public static final Duration DEFAULT_KEEPALIVE_TIME = Duration.ofSeconds(30);
    public static final Duration DEFAULT_KEEPALIVE_TIMEOUT = Duration.ofSeconds(20);

    public AgentSettings {
        Objects.requireNonNull(hubHost, "hubHost");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(keepAliveTime, "keepAliveTime");
        Objects.requireNonNull(keepAliveTimeout, "keepAliveTimeout");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(credential, "credential");
        if (hubPort < 1 || hubPort > 65535) {
            throw new IllegalArgumentException("hub port must be 1..65535, got " + hubPort);
        }
        if (!HostNameSyntax.isValid(name)) {
            throw new IllegalArgumentException("host name '" + LogText.escape(name) + "' is not valid: "
                    + HostNameSyntax.EXPECTED);
        }
        if (outboxCapacity < 1) {
            throw new IllegalArgumentException("outbox capacity must be at least 1, got " + outboxCapacity);
        }
        if (outboxBytes < 1024) {
            throw new IllegalArgumentException("the outbox needs at least 1 KiB, got " + outboxBytes + " bytes");
        }
        token = token == null ? "" : token;
        otherHubs = otherHubs == null ? List.of() : List.copyOf(otherHubs);
    }

    /**
     * Settings with the defaults for everything but the hub address, how the hub is verified, the name and the id.
     * The credential that binds the name is made afresh, for this object only: an agent that must keep its name
     * across restarts gives the one kept in its state directory ({@link #withCredential}).
     */
    public static AgentSettings of(String hubHost, int hubPort, HubTrust trust, String name, String agentId) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return new AgentSettings(hubHost, hubPort, name, agentId, DEFAULT_PERIOD, "", DEFAULT_OUTBOX_CAPACITY,
                DEFAULT_OUTBOX_BYTES, HostRoot.system(), Duration.ofMillis(500), Duration.ofSeconds(30),
                DEFAULT_KEEPALIVE_TIME, DEFAULT_KEEPALIVE_TIMEOUT, null, trust,
                Base64.getUrlEncoder().withoutPadding().encodeToString(random), List.of());
    }

    /** The secret that binds this host's name at the hub (see {@code AgentCredential}). */
    public AgentSettings withCredential(String c) {
        return new AgentSettings(hubHost, hubPort, name, agentId, period, token, outboxCapacity, outboxBytes, root,
                backoffInitial, backoffMax, keepAliveTime, keepAliveTimeout, outboxDir, trust, c, otherHubs);
    }

    /**
     * Further hubs of the same fleet (sharing one store), tried in turn after the first when it cannot be reached or
     * does not take the stream.
     */
    public AgentSettings withOtherHubs(List<HubAddress> hubs) {
        return new AgentSettings(hubHost, hubPort, name, agentId, period, token, outboxCapacity, outboxBytes, root,
                backoffInitial, backoffMax, keepAliveTime, keepAliveTimeout, outboxDir, trust, credential, hubs);
    }

    /** Every hub this agent may stream to, in the order it tries them: the first, then the others. */
    public List<HubAddress> hubs() {
        List<HubAddress> all = new ArrayList<>();
        all.add(new HubAddress(hubHost, hubPort));
        all.addAll(otherHubs);
        return all;
    }

    @Override
    public String toString() {
        // the token and the credential are secrets: never in a log line
        return "AgentSettings[hub=" + hubs().stream().map(HubAddress::toString).collect(Collectors.joining(","))
                + ", name=" + name + ", id=" + agentId + ", trust="
                + trust.describe() + "]";
    }

    public AgentSettings withPeriod(Duration p) {
        return new AgentSettings(hubHost, hubPort, name, agentId, p, token, outboxCapacity, outboxBytes, root,
                backoffInitial, backoffMax, keepAliveTime, keepAliveTimeout, outboxDir, trust, credential, otherHubs);
    }

    public AgentSettings withToken(String t) {
        return new AgentSettings(hubHost, hubPort, name, agentId, period, t, outboxCapacity, outboxBytes, root,
                backoffInitial, backoffMax, keepAliveTime, keepAliveTimeout, outboxDir, trust, credential, otherHubs);
    }

    public AgentSettings withOutboxCapacity(int c) {
        return new AgentSettings(hubHost, hubPort, name, agentId, period, token, c, outboxBytes, root,
                backoffInitial, backoffMax, keepAliveTime, keepAliveTimeout, outboxDir, trust, credential, otherHubs);
    }

    /** At most this many bytes of encoded samples wait for the hub. */
    public AgentSettings withOutboxBytes(long b) {
        return new AgentSettings(hubHost, hubPort, name, agentId, period, token, outboxCapacity, b, root,
                backoffInitial, backoffMax, keepAliveTime, keepAliveTimeout, outboxDir, trust, credential, otherHubs);
    }

    public AgentSettings withRoot(HostRoot r) {
        return new AgentSettings(hubHost, hubPort, name, agentId, period, token, outboxCapacity, outboxBytes, r,
                backoffInitial, backoffMax, keepAliveTime, keepAliveTimeout, outboxDir, trust, credential, otherHubs);
    }

    public AgentSettings withBackoff(Duration initial, Duration max) {
        return new AgentSettings(hubHost, hubPort, name, agentId, period, token, outboxCapacity, outboxBytes, root,
                initial, max, keepAliveTime, keepAliveTimeout, outboxDir, trust, credential, otherHubs);
    }

    /** How soon a silent hub is pinged, and how long the ping may go unanswered before the agent reconnects. */
    public AgentSettings withKeepAlive(Duration time, Duration timeout) {
        return new AgentSettings(hubHost, hubPort, name, agentId, period, token, outboxCapacity, outboxBytes, root,
                backoffInitial, backoffMax, time, timeout, outboxDir, trust, credential, otherHubs);
    }

    /**
     * Keeps the outbox in {@code dir}, on disk, so that samples and seqs outlive the agent; null keeps it in memory.
     */
    public AgentSettings withOutboxDir(Path dir) {
        return new AgentSettings(hubHost, hubPort, name, agentId, period, token, outboxCapacity, outboxBytes, root,
                backoffInitial, backoffMax, keepAliveTime, keepAliveTimeout, dir, trust, credential, otherHubs);
    }

    /** Where the agent keeps its stable id and its outbox unless told otherwise. */
    public static Path defaultStateDir() {
        String xdg = System.getenv("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("fleetglance");
    }
}
