package io.fleetglance.common.names;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HostNameSyntaxTest {

    @Test
    void acceptsUsualHostNames() {
        assertTrue(HostNameSyntax.isValid("web-01"));
        assertTrue(HostNameSyntax.isValid("db.example.org"));
        assertTrue(HostNameSyntax.isValid(".hidden"));
        assertTrue(HostNameSyntax.isValid("a".repeat(128)));
    }

    @Test
    void refusesNamesOfOnlyDotsControlCharactersAndTheTooLong() {
        assertFalse(HostNameSyntax.isValid("."));
        assertFalse(HostNameSyntax.isValid(".."));
        assertFalse(HostNameSyntax.isValid("....."));
        assertFalse(HostNameSyntax.isValid("web\nforged"));
        assertFalse(HostNameSyntax.isValid(""));
        assertFalse(HostNameSyntax.isValid(null));
        assertFalse(HostNameSyntax.isValid("a".repeat(129)));
    }

    @Test
    void logTextCannotStartANewLine() {
        assertEquals("web\\nINFO forged", LogText.escape("web\nINFO forged"));
        assertEquals("a\\x1b[31m\\u00e9\\\\", LogText.escape("a\u001b[31m\u00e9\\"));
        assertEquals("aaaa...(10 chars)", LogText.escape("aaaaaaaaaa", 4));
    }
}
