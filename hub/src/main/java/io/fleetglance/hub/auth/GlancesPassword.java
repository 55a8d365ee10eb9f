package io.fleetglance.hub.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A password stored as Glances stores it ({@code salt$hex(pbkdf2(hex(pbkdf2(plain, "")), salt))}, the format of
 * Glances' {@code <username>.pwd} files), so a Glances password file works unchanged on the hub.
 */
public final class GlancesPassword {

    private static final int ITERATIONS = 100_000;
    private static final int KEY_BYTES = 128;

    private final String salt;
    private final byte[] hash;
    /** Digests of passwords already verified: PBKDF2 twice per request would cost ~100 ms each time. */
    private final Map<String, Boolean> verified = new ConcurrentHashMap<>();

    private GlancesPassword(String salt, byte[] hash) {
        this.salt = salt;
        this.hash = hash;
    }

    /** Parses a stored {@code salt$hash} value. */
    public static GlancesPassword parse(String stored) {
        String s = stored.trim();
        int dollar = s.indexOf('$');
        if (dollar <= 0 || dollar == s.length() - 1) {
            throw new IllegalArgumentException("a stored Glances password is 'salt$hexhash'; this one has no '$'");
        }
        try {
            return new GlancesPassword(s.substring(0, dollar), HexFormat.of().parseHex(s.substring(dollar + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the hash of a stored Glances password must be hexadecimal");
        }
    }

    /** Hashes a plain password with a fresh salt. */
    public static GlancesPassword of(String plain) {
        byte[] raw = new byte[16];
        new SecureRandom().nextBytes(raw);
        String salt = HexFormat.of().formatHex(raw);
        return new GlancesPassword(salt, hash(firstPass(plain), salt));
    }

    /** The stored form, {@code salt$hexhash}. */
    public String stored() {
        return salt + "$" + HexFormat.of().formatHex(hash);
    }

    public boolean matches(String plain) {
        String cacheKey = HexFormat.of().formatHex(sha256(salt + "\u0000" + plain));
        Boolean known = verified.get(cacheKey);
        if (known != null) {
            return known;
        }
        boolean ok = MessageDigest.isEqual(hash, hash(firstPass(plain), salt));
        if (verified.size() < 1024) {
            verified.put(cacheKey, ok);
        }
        return ok;
    }

    private static String firstPass(String plain) {
        return HexFormat.of().formatHex(pbkdf2(plain.getBytes(StandardCharsets.UTF_8), new byte[0]));
    }

    private static byte[] hash(String firstPass, String salt) {
        return pbkdf2(firstPass.getBytes(StandardCharsets.UTF_8), salt.getBytes(StandardCharsets.UTF_8));
    }

    /** PBKDF2-HMAC-SHA256 (RFC 8018), written out because the JDK's refuses an empty salt. */
    static byte[] pbkdf2(byte[] password, byte[] salt) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(password.length == 0 ? new EmptyKey() : new SecretKeySpec(password, "HmacSHA256"));
            byte[] out = new byte[KEY_BYTES];
            int blocks = (KEY_BYTES + 31) / 32;
            for (int i = 1; i <= blocks; i++) {
                mac.update(salt);
                mac.update(new byte[] {(byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i});
                byte[] u = mac.doFinal();
                byte[] t = u.clone();
                for (int k = 1; k < ITERATIONS; k++) {
                    u = mac.doFinal(u);
                    for (int j = 0; j < t.length; j++) {
                        t[j] ^= u[j];
                    }
                }
                System.arraycopy(t, 0, out, (i - 1) * 32, Math.min(32, KEY_BYTES - (i - 1) * 32));
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An HMAC key of zero bytes (SecretKeySpec refuses an empty array). */
    private static final class EmptyKey implements SecretKey {
        @Override
        public String getAlgorithm() {
            return "HmacSHA256";
        }

        @Override
        public String getFormat() {
            return "RAW";
        }

        @Override
        public byte[] getEncoded() {
            return new byte[0];
        }
    }
}
