package io.fleetglance.hub.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a hub shows agents and asks of them, as the command line and the state directory say: its TLS identity (null
 * with {@code --insecure}) and the enrollment token; and the lines it prints at start to add an agent securely.
 */
public record HubIdentity(HubTls tls, EnrollmentToken token, String advertisedHost) {

    /** The file of the state directory's {@code hub/} that binds host names to agent credentials. */
    public static final String BINDINGS_FILE = "host-bindings";

    private static final Logger log = LoggerFactory.getLogger(HubIdentity.class);

    /**
     * @param dir      the hub's own state directory (its CA, certificate, token)
     * @param tokenArg {@code --token} (warned about: visible to other users), or null
     * @param tokenEnv {@code FLEETGLANCE_TOKEN}, or null
     */
    public static HubIdentity load(Path dir, String bind, boolean insecure, Path tlsCert, Path tlsKey,
            Path tokenFile, String tokenArg, String tokenEnv) throws IOException {
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        }
        if (insecure && tlsCert != null) {
            throw new IllegalArgumentException("--insecure and --tls-cert contradict each other");
        }
        if (tokenFile != null && tokenArg != null) {
            throw new IllegalArgumentException("give --token-file or --token, not both");
        }
        EnrollmentToken token;
        if (tokenFile != null) {
            token = EnrollmentToken.fromFile(tokenFile);
        } else if (tokenArg != null && !tokenArg.isEmpty()) {
            log.warn("--token on the command line can be read by other users of this machine (ps, /proc); prefer "
                    + "--token-file FILE or FLEETGLANCE_TOKEN");
            token = new EnrollmentToken(tokenArg, null, false);
        } else if (tokenEnv != null && !tokenEnv.isEmpty()) {
            token = new EnrollmentToken(tokenEnv, null, false);
        } else {
            token = EnrollmentToken.loadOrCreate(dir);
        }
        HubTls tls;
        HubCertificates certificates = new HubCertificates();
        if (insecure) {
            tls = null;
        } else if (tlsCert != null) {
            tls = certificates.fromPem(tlsCert, tlsKey);
        } else {
            HubCertificates.Loaded loaded = certificates.loadOrCreate(dir, HubCertificates.defaultNames(bind));
            if (loaded.created()) {
                log.info("made the hub's CA and server certificate in {}", dir);
            }
            tls = loaded.tls();
        }
        return new HubIdentity(tls, token, advertised(bind));
    }

    private static String advertised(String bind) {
        if (!bind.equals("0.0.0.0") && !bind.equals("::") && !bind.equals("[::]")) {
            return bind.contains(":") ? "[" + bind + "]" : bind;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "HUB-ADDRESS";
        }
    }

    /**
     * The lines printed at start: how agents verify this hub and enroll. The token itself is shown only on the start
     * that made it; later starts name its file.
     */
    public String banner(int ingestPort) {
        String hub = advertisedHost + ":" + ingestPort;
        StringBuilder b = new StringBuilder("\n");
        String verify;
        if (tls == null) {
            b.append("Fleetglance hub: agents stream to ").append(hub).append(" in PLAINTEXT (--insecure, labs only)\n");
            verify = "--insecure";
        } else {
            b.append("Fleetglance hub: agents stream to ").append(hub).append(" over TLS 1.3\n");
            b.append("  hub fingerprint: ").append(tls.fingerprint()).append('\n');
            if (tls.caFile() != null) {
                b.append("  hub CA:          ").append(tls.caFile()).append(" (for agents' --ca)\n");
            }
            verify = "--hub-fingerprint " + tls.fingerprint();
        }
        if (token.created()) {
            b.append("  enrollment token (shown this once; kept in ").append(token.file()).append("):\n    ")
                    .append(token.value()).append('\n');
        } else if (token.file() != null) {
            b.append("  enrollment token: in ").append(token.file()).append('\n');
        } else {
            b.append("  enrollment token: the one given in FLEETGLANCE_TOKEN or --token\n");
        }
        b.append("Add a host: put the token in a file only the agent's user can read (e.g. /etc/fleetglance/token, "
                + "mode 0600), then run there:\n");
        b.append("  fleetglance agent --hub ").append(hub).append(' ').append(verify)
                .append(" --token-file /etc/fleetglance/token\n\n");
        return b.toString();
    }
}
