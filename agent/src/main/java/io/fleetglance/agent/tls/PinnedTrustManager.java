package io.fleetglance.agent.tls;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;

/**
 * Trusts a chain that holds the pinned certificate and is signed link by link from the server's certificate up to
 * it: the TLS handshake proves the server holds the first link's key, so only the pinned hub (or a server its CA
 * signed) passes. Names are not matched: the pin, not a name, says which hub this is.
 */
final class PinnedTrustManager implements X509TrustManager {

    private final String fingerprint;

    PinnedTrustManager(String fingerprint) {
        this.fingerprint = fingerprint;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, fingerprint);
    }

    /** Throws unless {@code chain} leads, validly signed, to the certificate of {@code fingerprint}. */
    static void check(X509Certificate[] chain, String fingerprint) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the hub presented no certificate");
        }
        for (int i = 0; i < chain.length; i++) {
            chain[i].checkValidity();
            if (i + 1 < chain.length) {
                try {
                    chain[i].verify(chain[i + 1].getPublicKey());
                } catch (GeneralSecurityException e) {
                    throw new CertificateException("the hub's certificate chain is broken at link " + i + ": "
                            + e.getMessage(), e);
                }
            }
            if (Fingerprint.of(chain[i]).equals(fingerprint)) {
                return;
            }
        }
        throw new CertificateException("the hub's certificate is not the pinned one: expected " + fingerprint
                + ", the hub presented " + Fingerprint.of(chain[chain.length - 1]));
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
