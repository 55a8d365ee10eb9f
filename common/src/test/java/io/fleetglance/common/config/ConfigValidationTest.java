package io.fleetglance.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigValidationTest {

    private static ConfigException invalid(String... lines) {
        return assertThrows(ConfigException.class, () -> GlancesConfig.parse("my.conf", List.of(lines)).validate());
    }

    @Test
    void thresholdThatIsNotANumberNamesFileLineAndKey() {
        ConfigException e = invalid("[cpu]", "user_careful=50", "user_warning=seventy");
        assertEquals("my.conf", e.source());
        assertEquals(3, e.line());
        assertEquals("user_warning", e.key());
        assertTrue(e.getMessage().startsWith("my.conf:3 (key 'user_warning'): [cpu] user_warning=seventy is not a number"),
                e.getMessage());
    }

    @Test
    void bareLevelsPerItemThresholdsAndRefreshAreNumbers() {
        assertEquals("careful", invalid("[mem]", "careful=").key());
        assertEquals("wlan0_rx_critical", invalid("[network]", "wlan0_rx_critical=6M").key());
        assertEquals("refresh", invalid("[fs]", "refresh=often").key());
        assertEquals("history_size", invalid("[global]", "history_size=lots").key());
        assertEquals("port_1_rtt_warning", invalid("[ports]", "port_1_rtt_warning=fast").key());
    }

    @Test
    void eventSettingsAreWholeNumbers() {
        ConfigException e = invalid("[alert]", "max_events=10.5");
        assertEquals("max_events", e.key());
        assertTrue(e.getMessage().endsWith("is not a whole number"), e.getMessage());
        assertEquals("min_interval", invalid("[alert]", "min_interval=six").key());
    }

    @Test
    void unknownBooleanFails() {
        ConfigException e = invalid("[cpu]", "total_log=maybe");
        assertEquals("total_log", e.key());
        assertTrue(e.getMessage().endsWith("is not a boolean (true or false)"));
        assertEquals("disable", invalid("[load]", "disable=nope").key());
        assertEquals("hide_zero", invalid("[network]", "hide_zero=sometimes").key());
    }

    @Test
    void acceptsWhatGlancesAccepts() {
        GlancesConfig ok = GlancesConfig.parse("ok.conf", List.of(
                "[cpu]", "user_careful=1e1", "steal_careful= 50 ", "total_log=TRUE", "disable=no",
                "[processlist]", "nice_warning=-20,-1,1,19", "status_critical=Z,D", "status_ok=R",
                "[wifi]", "careful=-65",
                "[network]", "hide=docker.*,lo", "alias=wlp2s0:WIFI",
                "[serverlist]", "server_1_name=localhost", "[passwords]", "critical=whatever",
                "[amp_nginx]", "enable=false", "regex=\\/usr\\/sbin\\/nginx")).validate();
        assertEquals(10.0, ok.getDouble("cpu", "user_careful", 0));
        assertEquals(50.0, ok.getDouble("cpu", "steal_careful", 0));
    }

    @Test
    void malformedFileNamesTheLine() {
        ConfigException header = assertThrows(ConfigException.class,
                () -> GlancesConfig.parse("bad.conf", List.of("[cpu]", "[mem")));
        assertEquals(2, header.line());
        ConfigException twice = assertThrows(ConfigException.class,
                () -> GlancesConfig.parse("bad.conf", List.of("[cpu]", "user_careful=1", "USER_CAREFUL=2")));
        assertEquals(3, twice.line());
        assertEquals("user_careful", twice.key());
    }
}
