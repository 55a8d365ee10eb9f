package io.fleetglance.agent.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trust on first use, as SSH's known_hosts: the first hub seen at an address is remembered by the fingerprint of the
 * top of its chain (its CA, the fingerprint the hub prints), and from then on only that hub is trusted there. A
 * changed certificate is refused loudly, with what to do.
 */
final class KnownHubs implements X509TrustManager {

    private static final Logger log = LoggerFactory.getLogger(KnownHubs.class);

    private final Path file;
    private final String address;

    KnownHubs(Path file, String address) {
        this.file = file;
        this.address = address;
    }

    @Override
    public synchronized void checkServerTrusted(X509Certificate[] chain, String authType)
            throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the hub presented no certificate");
        }
        String presented = Fingerprint.of(chain[chain.length - 1]);
        String known;
        try {
            known = lookup();
        } catch (IOException e) {
            throw new CertificateException("cannot read the known hubs in " + file + ": " + e.getMessage(), e);
        }
        if (known == null) {
            PinnedTrustManager.check(chain, presented);
            try {
                remember(presented);
            } catch (IOException e) {
                throw new CertificateException("cannot write the known hubs in " + file + ": " + e.getMessage(), e);
            }
            log.warn("trusting the hub at {} on first use: {} (kept in {}); compare it with the fingerprint the hub "
                    + "printed at its start, and pin it on other agents with --hub-fingerprint", address, presented,
                    file);
            return;
        }
        try {
            PinnedTrustManager.check(chain, known);
        } catch (CertificateException changed) {
            String message = "THE HUB'S CERTIFICATE HAS CHANGED. The hub at " + address + " presented " + presented
                    + ", but this agent trusts " + known + " there (kept in " + file + "). Someone may be "
                    + "intercepting the link, or the hub was reinstalled with a new CA. Nothing is sent to it. If "
                    + "the change is expected, check the fingerprint the hub printed at its start, then delete the "
                    + "line '" + address + "' from " + file + " (or start the agent with --hub-fingerprint).";
            log.error(message);
            throw new CertificateException(message, changed);
        }
    }

    private String lookup() throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2 && parts[0].equals(address)) {
                return Fingerprint.parse(parts[1]);
            }
        }
        return null;
    }

    private void remember(String fingerprint) throws IOException {
        List<String> lines = Files.isRegularFile(file) ? new ArrayList<>(Files.readAllLines(file,
                StandardCharsets.UTF_8)) : new ArrayList<>();
        lines.add(address + " " + fingerprint);
        AgentCredential.writePrivate(file, String.join("\n", lines) + "\n");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the agent is a client only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
