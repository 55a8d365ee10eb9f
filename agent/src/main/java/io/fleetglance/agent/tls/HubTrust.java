package io.fleetglance.agent.tls;

import io.fleetglance.agent.grpc.GrpcCall;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** How the agent knows it talks to its hub: the ways {@code fleetglance agent} offers, and the lab's plaintext. */
public sealed interface HubTrust {

    /**
     * Opens connections to the hub at {@code host:port} the way this trust asks for; a TLS handshake the hub does not
     * answer within {@code handshakeTimeout} fails (a silent link is dead, as for a keepalive ping).
     */
    GrpcCall.Connector connector(String host, int port, Duration handshakeTimeout);

    /** One line for the agent's start-up log. */
    String describe();

    /** Plaintext HTTP/2 (h2c): nothing verified, nothing encrypted; for labs only. */
    static HubTrust insecure() {
        return new Insecure();
    }

    /** Certificates the hub's chain must lead to (its CA), from a PEM file such as the hub's {@code ca.pem}. */
    static HubTrust caFile(Path file) throws IOException {
        List<X509Certificate> cas = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            factory.generateCertificates(in).forEach(c -> cas.add((X509Certificate) c));
        } catch (CertificateException e) {
            throw new IOException("--ca " + file + " is not a PEM certificate file: " + e.getMessage(), e);
        }
        if (cas.isEmpty()) {
            throw new IOException("--ca " + file + " holds no certificate");
        }
        return new Authorities(List.copyOf(cas), "the CA in " + file);
    }

    /** Trusts a hub whose chain leads to one of {@code cas}. */
    static HubTrust authorities(List<X509Certificate> cas, String description) {
        return new Authorities(List.copyOf(cas), description);
    }

    /** Trusts exactly the hub whose chain holds the certificate of this fingerprint (its CA's, as the hub prints). */
    static HubTrust pinned(String fingerprint) {
        return new Pinned(Fingerprint.parse(fingerprint));
    }

    /** Trusts the hub seen first, and from then on only it, as SSH does with known_hosts. */
    static HubTrust trustOnFirstUse(Path knownHubs) {
        return new FirstUse(knownHubs);
    }

    /** See {@link #insecure()}. */
    record Insecure() implements HubTrust {
        @Override
        public GrpcCall.Connector connector(String host, int port, Duration handshakeTimeout) {
            return GrpcCall::connect;
        }

        @Override
        public String describe() {
            return "plaintext h2c (--insecure)";
        }
    }

    /** See {@link #authorities}. */
    record Authorities(List<X509Certificate> cas, String description) implements HubTrust {
        @Override
        public GrpcCall.Connector connector(String host, int port, Duration handshakeTimeout) {
            try {
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                for (int i = 0; i < cas.size(); i++) {
                    store.setCertificateEntry("ca-" + i, cas.get(i));
                }
                TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
                factory.init(store);
                for (TrustManager m : factory.getTrustManagers()) {
                    if (m instanceof X509TrustManager x509) {
                        return new TlsConnector(x509, handshakeTimeout);
                    }
                }
                throw new IllegalStateException("the JDK offers no X.509 trust manager");
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("cannot trust " + description + ": " + e.getMessage(), e);
            }
        }

        @Override
        public String describe() {
            return "TLS, hub verified by " + description;
        }
    }

    /** See {@link #pinned}. */
    record Pinned(String fingerprint) implements HubTrust {
        @Override
        public GrpcCall.Connector connector(String host, int port, Duration handshakeTimeout) {
            return new TlsConnector(new PinnedTrustManager(fingerprint), handshakeTimeout);
        }

        @Override
        public String describe() {
            return "TLS, hub pinned to " + fingerprint;
        }
    }

    /** See {@link #trustOnFirstUse}. */
    record FirstUse(Path knownHubs) implements HubTrust {
        @Override
        public GrpcCall.Connector connector(String host, int port, Duration handshakeTimeout) {
            return new TlsConnector(new KnownHubs(knownHubs, host + ":" + port), handshakeTimeout);
        }

        @Override
        public String describe() {
            return "TLS, hub trusted on first use (" + knownHubs + ")";
        }
    }
}
