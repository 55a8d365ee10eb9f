package io.fleetglance.hub.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class GlancesPasswordTest {

    /** Made by Glances' own algorithm (Python hashlib) for the password "secret" and the salt "abcd". */
    private static final String GLANCES_FILE = "abcd$32409003dd1625429f910c21aee15b99281938688ab404f593c725965bfce861af2367d70e9cc18e1dfc5f14c1172f5d6c5be2dfdb23a163c447ec79dbbcb02984361665128b8534f2852e48aa2ed4e5770c579fabe33e64a9496e590e66c1887a220fa6609cce47c14c6413e503d723fc809fc5428712e16ad0d35064d6195c";

    @Test
    void acceptsAPasswordFileWrittenByGlances() {
        GlancesPassword p = GlancesPassword.parse(GLANCES_FILE + "\n");
        assertTrue(p.matches("secret"));
        assertFalse(p.matches("Secret"));
        assertTrue(p.matches("secret"), "the cached answer is the same");
        assertEquals(GLANCES_FILE, p.stored());
    }

    @Test
    void hashesAFreshPasswordWithItsOwnSalt() {
        GlancesPassword a = GlancesPassword.of("pw");
        GlancesPassword b = GlancesPassword.of("pw");
        assertTrue(a.matches("pw"));
        assertFalse(a.stored().equals(b.stored()), "salted");
        assertTrue(GlancesPassword.parse(a.stored()).matches("pw"));
    }

    @Test
    void refusesAMalformedStoredValue() {
        assertThrows(IllegalArgumentException.class, () -> GlancesPassword.parse("nodollar"));
        assertThrows(IllegalArgumentException.class, () -> GlancesPassword.parse("salt$zz"));
    }

    @Test
    void tokensCarryTheSubjectAndExpire() {
        Clock t0 = Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC);
        JwtTokens tokens = new JwtTokens("k", 60, t0);
        String token = tokens.issue("glances");
        assertEquals("glances", tokens.verify(token));
        assertNull(new JwtTokens("other-key", 60, t0).verify(token), "another secret rejects it");
        Clock later = Clock.fixed(Instant.ofEpochSecond(1_800_000_000L + 3601), ZoneOffset.UTC);
        assertNull(new JwtTokens("k", 60, later).verify(token), "expired after 60 minutes");
        String tampered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
        assertNull(tokens.verify(tampered));
        assertNull(tokens.verify("not.a.jwt"));
    }
}
