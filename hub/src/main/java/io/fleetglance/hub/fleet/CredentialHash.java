package io.fleetglance.hub.fleet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What the hub keeps of an agent's credential: {@code sha256:} and the hex SHA-256 of the secret. The secret is 256
 * random bits made by the agent, so a plain hash is as strong as a slow one here, and costs nothing per Hello.
 */
public final class CredentialHash {

    private CredentialHash() {
    }

    public static String of(String secret) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Compares in constant time, so a refusal's timing tells nothing about the hash held. */
    public static boolean matches(String stored, String presented) {
        return MessageDigest.isEqual(stored.getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }
}
