package io.fleetglance.hub.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Bearer tokens as Glances issues them: HS256 JWTs with {@code sub}, {@code iat}, {@code exp} and {@code iss}. */
public final class JwtTokens {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final String HEADER = B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"
            .getBytes(StandardCharsets.UTF_8));

    private final byte[] secret;
    private final long expireSeconds;
    private final Clock clock;

    /**
     * @param secret {@code [outputs] jwt_secret_key}, or null for a random one per process (as Glances)
     */
    public JwtTokens(String secret, long expireMinutes, Clock clock) {
        if (secret == null || secret.isEmpty()) {
            this.secret = new byte[32];
            new SecureRandom().nextBytes(this.secret);
        } else {
            this.secret = secret.getBytes(StandardCharsets.UTF_8);
        }
        this.expireSeconds = expireMinutes * 60;
        this.clock = clock;
    }

    public long expiresInSeconds() {
        return expireSeconds;
    }

    public String issue(String username) {
        long now = clock.millis() / 1000;
        ObjectNode claims = MAPPER.createObjectNode().put("sub", username).put("exp", now + expireSeconds)
                .put("iat", now).put("iss", "glances");
        String payload = B64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        String signingInput = HEADER + "." + payload;
        return signingInput + "." + B64.encodeToString(sign(signingInput));
    }

    /** The token's subject when its signature, algorithm, issuer and expiry are good; null otherwise. */
    public String verify(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            JsonNode header = MAPPER.readTree(B64D.decode(parts[0]));
            if (!"HS256".equals(header.path("alg").asText())) {
                return null;
            }
            byte[] expected = sign(parts[0] + "." + parts[1]);
            if (!MessageDigest.isEqual(expected, B64D.decode(parts[2]))) {
                return null;
            }
            JsonNode claims = MAPPER.readTree(B64D.decode(parts[1]));
            if (!"glances".equals(claims.path("iss").asText()) || claims.path("exp").asLong(0) < clock.millis() / 1000) {
                return null;
            }
            return claims.path("sub").isTextual() ? claims.get("sub").asText() : null;
        } catch (IllegalArgumentException | IOException e) {
            return null;
        }
    }

    private byte[] sign(String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
