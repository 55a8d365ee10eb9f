package io.fleetglance.hub.tls;

import io.fleetglance.agent.tls.Fingerprint;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The hub's TLS identity: its server certificate chain (the server's certificate first, then its issuers) and key.
 *
 * @param caFile the PEM file an agent may be given with {@code --ca} (the hub's own CA), or null when the hub only
 *               holds it in memory
 */
public record HubTls(PrivateKey key, List<X509Certificate> chain, Path caFile) {

    public HubTls {
        Objects.requireNonNull(key, "key");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a TLS identity needs at least one certificate");
        }
    }

    /** The top of the chain: the hub's CA when it made its own, else the last certificate the operator's file holds. */
    public X509Certificate authority() {
        return chain.get(chain.size() - 1);
    }

    /** What agents pin with {@code --hub-fingerprint}, and what trust on first use remembers. */
    public String fingerprint() {
        return Fingerprint.of(authority());
    }

    /** Never the key. */
    @Override
    public String toString() {
        return "HubTls[" + chain.get(0).getSubjectX500Principal().getName() + ", " + fingerprint() + "]";
    }
}
