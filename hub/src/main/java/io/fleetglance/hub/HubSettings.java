package io.fleetglance.hub;

import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.hub.auth.Authentication;
import io.fleetglance.hub.tls.HubCertificates;
import io.fleetglance.hub.tls.HubTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How a hub runs: where it listens, who may stream to it, and the glances.conf it serves by.
 *
 * @param tls      the ingest's TLS identity (also the REST API's with {@code https}); null for plaintext (labs only)
 * @param https    whether the REST API speaks HTTPS (with {@code tls}) instead of plain HTTP
 * @param stateDir where the hub keeps its embedded store, CA and token; null for a temporary store
 * @param sharedStore the PostgreSQL store this hub shares with other hubs instead of the embedded one; null for none
 */
public record HubSettings(String bind, int port, String ingestBind, int ingestPort, String token,
        GlancesConfig config, Authentication auth, HubTls tls, boolean https,
        Path stateDir, SharedStoreSettings sharedStore) {

    public static final int DEFAULT_PORT = 61208;
    public static final int DEFAULT_INGEST_PORT = 61209;

    public HubSettings {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(ingestBind, "ingestBind");
        Objects.requireNonNull(config, "config");
        checkPort("REST", port);
        checkPort("ingest", ingestPort);
        token = token == null ? "" : token;
        if (https && tls == null) {
            throw new IllegalArgumentException("HTTPS for the REST API needs a certificate: it cannot run --insecure");
        }
    }

    @Override
    public String toString() {
        // the token is a secret: never in a log line
        return "HubSettings[rest=" + bind + ":" + port + (https ? " (https)" : "") + ", ingest=" + ingestBind + ":"
                + ingestPort + (tls == null ? " (insecure)" : " (tls)") + "]";
    }

    /** Settings whose store lives in memory only (no state directory). */
    public HubSettings(String bind, int port, String ingestBind, int ingestPort, String token, GlancesConfig config,
            Authentication auth) {
        this(bind, port, ingestBind, ingestPort, token, config, auth, null, false, null, null);
    }

    /** With the state directory the hub keeps its store in ({@code hub.db}); null keeps it in memory only. */
    public HubSettings withStateDir(Path dir) {
        return new HubSettings(bind, port, ingestBind, ingestPort, token, config, auth, tls, https, dir, sharedStore);
    }

    /** With a PostgreSQL store shared with other hubs, instead of the embedded one. */
    public HubSettings withSharedStore(SharedStoreSettings s) {
        return new HubSettings(bind, port, ingestBind, ingestPort, token, config, auth, tls, https, stateDir, s);
    }

    private static void checkPort(String what, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(what + " port must be 0..65535, got " + port);
        }
    }

    /**
     * Loopback on free ports, no token, Glances' shipped configuration, TLS on ingest with a CA made for this hub
     * alone (in memory: EC keys take milliseconds), plain HTTP for REST: what tests start.
     */
    public static HubSettings loopback() {
        try {
            return new HubSettings("127.0.0.1", 0, "127.0.0.1", 0, "", GlancesConfig.shipped(), null,
                    new HubCertificates().generate(HubCertificates.defaultNames("127.0.0.1")), false,
                    null, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Plaintext ingest (h2c): for labs, and for tests of what the wire carries. */
    public HubSettings insecure() {
        return new HubSettings(bind, port, ingestBind, ingestPort, token, config, auth, null, false, stateDir, sharedStore);
    }

    public HubSettings withTls(HubTls t) {
        return new HubSettings(bind, port, ingestBind, ingestPort, token, config, auth, t, https, stateDir, sharedStore);
    }

    /** With the REST API over HTTPS, with the ingest's certificate. */
    public HubSettings withHttps(boolean h) {
        return new HubSettings(bind, port, ingestBind, ingestPort, token, config, auth, tls, h, stateDir, sharedStore);
    }


    public HubSettings withIngestPort(int p) {
        return new HubSettings(bind, port, ingestBind, p, token, config, auth, tls, https, stateDir, sharedStore);
    }

    public HubSettings withToken(String t) {
        return new HubSettings(bind, port, ingestBind, ingestPort, t, config, auth, tls, https, stateDir, sharedStore);
    }

    public HubSettings withConfig(GlancesConfig c) {
        return new HubSettings(bind, port, ingestBind, ingestPort, token, c, auth, tls, https, stateDir, sharedStore);
    }

    /** With REST authentication (Glances' --password); null for an open API. */
    public HubSettings withAuth(Authentication a) {
        return new HubSettings(bind, port, ingestBind, ingestPort, token, config, a, tls, https, stateDir, sharedStore);
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
