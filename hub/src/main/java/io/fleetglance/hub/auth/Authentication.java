package io.fleetglance.hub.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/** The hub's REST credentials when a password is set: one username, its Glances password, and bearer tokens. */
public final class Authentication {

    /** The outcome of checking a request's Authorization header, in Glances' words. */
    public enum Outcome { OK, NOT_AUTHENTICATED, INCORRECT_BASIC, INCORRECT_BEARER }

    private final String username;
    private final GlancesPassword password;
    private final JwtTokens tokens;

    public Authentication(String username, GlancesPassword password, JwtTokens tokens) {
        this.username = username;
        this.password = password;
        this.tokens = tokens;
    }

    public String username() {
        return username;
    }

    public JwtTokens tokens() {
        return tokens;
    }

    public boolean matches(String user, String plain) {
        boolean userOk = MessageDigest.isEqual(username.getBytes(StandardCharsets.UTF_8),
                user.getBytes(StandardCharsets.UTF_8));
        return password.matches(plain) && userOk;
    }

    public Outcome check(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Outcome.NOT_AUTHENTICATED;
        }
        String h = authorization.trim();
        if (h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String sub = tokens.verify(h.substring(7).trim());
            return sub != null && sub.equals(username) ? Outcome.OK : Outcome.INCORRECT_BEARER;
        }
        if (h.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Outcome.INCORRECT_BASIC;
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return Outcome.INCORRECT_BASIC;
            }
            return matches(decoded.substring(0, colon), decoded.substring(colon + 1)) ? Outcome.OK
                    : Outcome.INCORRECT_BASIC;
        }
        return Outcome.NOT_AUTHENTICATED;
    }
}
