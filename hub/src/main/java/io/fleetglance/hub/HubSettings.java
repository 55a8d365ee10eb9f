package io.fleetglance.hub;

import io.fleetglance.common.config.GlancesConfig;
import java.util.Objects;

/** How a hub runs: where it listens, who may stream to it, and the glances.conf it serves by. */
public record HubSettings(String bind, int port, String ingestBind, int ingestPort, String token,
        GlancesConfig config, io.fleetglance.hub.auth.Authentication auth, java.nio.file.Path stateDir) {

    public static final int DEFAULT_PORT = 61208;
    public static final int DEFAULT_INGEST_PORT = 61209;

    public HubSettings {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(ingestBind, "ingestBind");
        Objects.requireNonNull(config, "config");
        checkPort("REST", port);
        checkPort("ingest", ingestPort);
        token = token == null ? "" : token;
    }

    /** Settings whose store lives in memory only (no state directory). */
    public HubSettings(String bind, int port, String ingestBind, int ingestPort, String token, GlancesConfig config,
            io.fleetglance.hub.auth.Authentication auth) {
        this(bind, port, ingestBind, ingestPort, token, config, auth, null);
    }

    /** With the state directory the hub keeps its store in ({@code hub.db}); null keeps it in memory only. */
    public HubSettings withStateDir(java.nio.file.Path dir) {
        return new HubSettings(bind, port, ingestBind, ingestPort, token, config, auth, dir);
    }

    private static void checkPort(String what, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(what + " port must be 0..65535, got " + port);
        }
    }

    /** Loopback on free ports, no token, Glances' shipped configuration: what tests start. */
    public static HubSettings loopback() {
        return new HubSettings("127.0.0.1", 0, "127.0.0.1", 0, "", GlancesConfig.shipped(), null);
    }

    public HubSettings withIngestPort(int p) {
        return new HubSettings(bind, port, ingestBind, p, token, config, auth, stateDir);
    }

    public HubSettings withToken(String t) {
        return new HubSettings(bind, port, ingestBind, ingestPort, t, config, auth, stateDir);
    }

    public HubSettings withConfig(GlancesConfig c) {
        return new HubSettings(bind, port, ingestBind, ingestPort, token, c, auth, stateDir);
    }

    /** With REST authentication (Glances' --password); null for an open API. */
    public HubSettings withAuth(io.fleetglance.hub.auth.Authentication a) {
        return new HubSettings(bind, port, ingestBind, ingestPort, token, config, a, stateDir);
    }

    /** {@code [fleet] offline_after_periods}: a host silent for that many of its periods is down (default 3). */
    public int offlineAfterPeriods() {
        return Math.max(1, config.getInt("fleet", "offline_after_periods", 3));
    }

    /** {@code [global] history_size}: points kept per series (Glances' shipped value 1200). */
    public int historySize() {
        double size = config.getDouble("global", "history_size", 1200);
        if (size < 1 || size > 1_000_000) {
            throw new IllegalArgumentException(config.source() + ": [global] history_size must be 1..1000000, got "
                    + size);
        }
        return (int) size;
    }
}
