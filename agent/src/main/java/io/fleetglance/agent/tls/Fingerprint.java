package io.fleetglance.agent.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** A certificate's SHA-256 fingerprint, written {@code sha256:} and 64 lowercase hex digits. */
public final class Fingerprint {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    private Fingerprint() {
    }

    /** The fingerprint of {@code certificate}'s DER encoding. */
    public static String of(X509Certificate certificate) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(certificate.getEncoded()));
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint a certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a fingerprint as an operator may paste it: {@code sha256:} then hex, upper or lower case, with or without
     * colons between the bytes.
     *
     * @throws IllegalArgumentException naming what was expected
     */
    public static String parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("sha256:")) {
            t = t.substring("sha256:".length());
        } else {
            throw new IllegalArgumentException("a hub fingerprint must start with 'sha256:' (as the hub prints it), "
                    + "got '" + text + "'");
        }
        t = t.replace(":", "");
        if (!HEX.matcher(t).matches()) {
            throw new IllegalArgumentException("a hub fingerprint is 'sha256:' and 64 hex digits, got '" + text + "'");
        }
        return "sha256:" + t;
    }
}
