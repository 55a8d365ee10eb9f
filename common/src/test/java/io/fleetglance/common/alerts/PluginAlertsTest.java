package io.fleetglance.common.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.events.Level;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PluginAlertsTest {

    private record Logged(Level state, String type, double value) {
    }

    private final List<Logged> logged = new ArrayList<>();
    private final ThresholdStates thresholds = new ThresholdStates();

    private PluginAlerts alerts(String plugin, String... lines) {
        List<String> file = new ArrayList<>(List.of(lines));
        GlancesConfig config = GlancesConfig.parse("g", file).withGlancesDefaults(2);
        return new PluginAlerts(Limits.of(plugin, config), thresholds,
                (state, type, value) -> logged.add(new Logged(state, type, value)));
    }

    @Test
    void comparesPercentageWithLimitsInclusively() {
        PluginAlerts mem = alerts("mem");
        assertEquals("OK", mem.alert(49.9, null));
        assertEquals("CAREFUL", mem.alert(50, null));
        assertEquals("WARNING", mem.alert(70.0, null));
        assertEquals("CRITICAL", mem.alert(90, null));
        assertEquals("CRITICAL", mem.alert(DoubleNode.valueOf(99.5), null));
    }

    @Test
    void valueIsCurrentTimesHundredOverMaximum() {
        PluginAlerts mem = alerts("mem");
        assertEquals("CAREFUL", mem.alert(5_000_000_000L, 8_000_000_000L, null), "62.5%");
        assertEquals("WARNING_LOG", mem.alertLog(6_000_000_000L, 8_000_000_000L, null), "75%");
        assertEquals(List.of(new Logged(Level.WARNING, "MEM", 75.0)), logged);
    }

    @Test
    void noLimitAtAllGivesDefaultAndZeroLimitCountsAsUnset() {
        PluginAlerts network = alerts("network");
        assertEquals("DEFAULT", network.alert(1_000_000, "eth0_rx"));
        PluginAlerts zero = alerts("mem", "[mem]", "careful=0", "warning=0", "critical=0");
        assertEquals("DEFAULT", zero.alert(99, null));
        PluginAlerts onlyCritical = alerts("mem", "[mem]", "careful=0", "warning=0", "critical=90");
        assertEquals("OK", onlyCritical.alert(60, null));
        assertEquals("DEFAULT", alerts("now").alert(50, null));
    }

    @Test
    void unusableValuesGiveDefault() {
        PluginAlerts mem = alerts("mem");
        assertEquals("DEFAULT", mem.alert(null, null));
        assertEquals("DEFAULT", mem.alert(NullNode.getInstance(), null));
        assertEquals("DEFAULT", mem.alert(10, 0, null), "no swap: total 0");
        assertEquals("DEFAULT", mem.alert(0, 0, 100, false, null, null, false), "highlight_zero off");
        assertEquals("OK", mem.alert(0, 0, 100, true, null, null, false));
        assertNull(thresholds.level("mem_x"));
    }

    @Test
    void belowMinimumIsCareful() {
        PluginAlerts mem = alerts("mem");
        assertEquals("CAREFUL", mem.alert(5, 10, 100, true, null, null, false));
        assertEquals("CAREFUL", mem.alert(-1, null), "the default minimum is 0");
    }

    @Test
    void loggedStatsGetLogSuffixAndReportTheirValue() {
        PluginAlerts cpu = alerts("cpu", "[cpu]", "total_careful=65", "total_warning=75", "total_critical=85",
                "total_log=True", "user_log=False");
        assertEquals("CRITICAL_LOG", cpu.alert(91.6, "total"), "total_log=True logs a plain alert too");
        assertEquals("OK", cpu.alertLog(20, 100, "user"), "user_log=False wins over get_alert_log");
        assertEquals("OK_LOG", cpu.alertLog(1.0, 100, "iowait"), "no iowait_log: logged by default");
        assertEquals(List.of(new Logged(Level.CRITICAL, "CPU_TOTAL", 91.6), new Logged(Level.OK, "CPU_IOWAIT", 1.0)),
                logged);
    }

    @Test
    void defaultIsNeverLogged() {
        PluginAlerts network = alerts("network", "[network]", "log=True");
        assertEquals("DEFAULT", network.alert(5, "eth0_rx"));
        assertEquals(List.of(), logged);
    }

    @Test
    void perItemLimitsComeBeforePluginLimits() {
        PluginAlerts fs = alerts("fs", "[fs]", "careful=50", "warning=70", "critical=90", "/data_critical=60");
        assertEquals("CRITICAL", fs.alert(65, "/data"));
        assertEquals("CAREFUL", fs.alert(65, "/"));
        assertEquals("fs_/data", fs.statName("/DATA", null));
        assertEquals("containers_web_cpu", alerts("containers").statName("cpu", "web"));
    }

    @Test
    void integersAreDividedAsPythonDividesThem() {
        // 100 * c / m in Python 3, for ints: exact, then rounded once
        assertEquals(33.333333333333336, PluginAlerts.percent(1, 3));
        assertEquals(66.66666666666667, PluginAlerts.percent(2, 3));
        assertEquals(12.49999988609375, PluginAlerts.percent(123456789, 987654321L));
        assertEquals(-166.66666666666666, PluginAlerts.percent(-5, 3));
        assertEquals(-233.33333333333334, PluginAlerts.percent(7, -3));
        assertEquals(-0.0, PluginAlerts.percent(0, -3));
        assertEquals(71.42857142856836, PluginAlerts.percent(50_000_000_000_000L, 70_000_000_000_003L));
        // at the edges of what is exact in a double, and past them (the exact path)
        assertEquals(0.9999999999999899, PluginAlerts.percent(90_071_992_547_409L, (1L << 53) - 1));
        assertEquals(0.9999999999999898, PluginAlerts.percent(90_071_992_547_409L, 1L << 53));
        assertEquals(1286742750677285.8, PluginAlerts.percent(90_071_992_547_410L, 7));
        assertEquals(33.333333333333336, PluginAlerts.percent(100_000_000_000_000_000L, 300_000_000_000_000_001L));
        assertEquals(33.333333333333336, PluginAlerts.percent(java.math.BigInteger.ONE, 3));
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 100_000; i++) {
            long c = random.nextLong() >> random.nextInt(64);
            long m = random.nextLong() >> random.nextInt(64);
            if (m == 0 || c == 0) {
                continue;
            }
            double exact = new java.math.BigDecimal(c).multiply(java.math.BigDecimal.valueOf(100))
                    .divide(new java.math.BigDecimal(m), new java.math.MathContext(80)).doubleValue();
            assertEquals(exact, PluginAlerts.percent(c, m), c + " / " + m);
        }
    }

    @Test
    void statsAreResolvedAlikeWhetherRememberedOrNot() {
        PluginAlerts fs = alerts("fs", "[fs]", "careful=50", "warning=70", "critical=90", "/d4999_critical=60",
                "/d4999_log=True");
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 5000; i++) {
                String expected = i == 4999 ? "CRITICAL_LOG" : "CAREFUL";
                assertEquals(expected, fs.alert(65, "/D" + i), "/d" + i + ", round " + round);
            }
        }
        assertEquals(List.of(new Logged(Level.CRITICAL, "FS_/D4999", 65.0), new Logged(Level.CRITICAL, "FS_/D4999",
                65.0)), logged);
        assertEquals(Level.CRITICAL, thresholds.level("fs_/d4999"));
        assertEquals("CRITICAL", fs.alert(95, 0, 100, true, "x", "web", false), "with an action key");
        assertEquals(Level.CRITICAL, thresholds.level("fs_web_x"));
    }

    @Test
    void recordsLevelsForTheGlobalMessageExceptDefault() {
        PluginAlerts cpu = alerts("cpu");
        cpu.alertLog(75, 100, "user");
        assertEquals(Level.WARNING, thresholds.level("cpu_user"));
        assertEquals("High CPU user mode", thresholds.globalMessage());
        cpu.alert(10, "nosuchfield_without_limit_but_plugin_has_none");
        assertNull(thresholds.level("cpu_nosuchfield_without_limit_but_plugin_has_none"));
    }
}
