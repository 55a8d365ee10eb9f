package io.fleetglance.common.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.common.events.Level;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Locale;
import java.util.Optional;

/**
 * Glances' {@code get_alert} for one plugin of one host: turns a value into a decoration against the plugin's limits,
 * records the level for the global message and, for logged stats, reports the value to the events list.
 * Glances' alert actions (shell commands) are not run: the hub never executes configuration.
 */
public final class PluginAlerts {

    /** Receives the values of logged stats, as Glances' {@code glances_events.add(state, type, value)}. */
    @FunctionalInterface
    public interface EventLog {
        void add(Level state, String type, double value);

        /** A log that drops everything, for evaluations outside the per-sample update. */
        EventLog NONE = (state, type, value) -> { };
    }

    private final String plugin;
    private final Limits limits;
    private final ThresholdStates thresholds;
    private final EventLog events;

    public PluginAlerts(Limits limits, ThresholdStates thresholds, EventLog events) {
        this.plugin = limits.plugin();
        this.limits = limits;
        this.thresholds = thresholds;
        this.events = events;
    }

    public Limits limits() {
        return limits;
    }

    /** {@code get_alert(current, header=header)}: the value is a percentage already. */
    public String alert(Object current, String header) {
        return alert(current, 0, 100, true, header, null, false);
    }

    /** {@code get_alert(current, maximum=maximum, header=header)}. */
    public String alert(Object current, Object maximum, String header) {
        return alert(current, 0, maximum, true, header, null, false);
    }

    /** {@code get_alert_log(current, maximum=maximum, header=header)}: logged unless the config says otherwise. */
    public String alertLog(Object current, Object maximum, String header) {
        return alert(current, 0, maximum, true, header, null, true);
    }

    /**
     * Glances' {@code get_alert}. The value evaluated is {@code current * 100 / maximum}; it is compared ({@code >=})
     * with the stat's critical, warning and careful limits, a limit of 0 counting as unset. No limit at all gives
     * {@code DEFAULT}; a {@code current} below {@code minimum} gives {@code CAREFUL}. When the stat is logged
     * ({@code <stat>_log}, {@code <plugin>_log}, else {@code log}) the result gets {@code _LOG} and the value goes to
     * the events list under the upper-cased stat name.
     *
     * @param current       a number, a JSON number node, or null (which gives {@code DEFAULT}, as Python's TypeError)
     * @param maximum       the value that is 100%; zero gives {@code DEFAULT}
     * @param highlightZero false to give {@code DEFAULT} to a zero value
     * @param header        appended to the plugin name to form the stat name ({@code cpu_total}); null or empty for
     *                      none
     * @param actionKey     inserted between plugin and header in the stat name; null for none
     * @param log           the default of the log flag
     */
    public String alert(Object current, Object minimum, Object maximum, boolean highlightZero, String header,
                        String actionKey, boolean log) {
        Number cur = number(current);
        Number max = number(maximum);
        if (cur == null || max == null) {
            return Level.DEFAULT;
        }
        if (!highlightZero && cur.doubleValue() == 0) {
            return Level.DEFAULT;
        }
        if (max.doubleValue() == 0) {
            return Level.DEFAULT;
        }
        double value = percent(cur, max);
        Limits.Stat stat = actionKey == null || actionKey.isEmpty() ? limits.statOfHeader(header)
                : limits.stat(statName(header, actionKey));

        double critical = stat.critical();
        double warning = stat.warning();
        double careful = stat.careful();
        String ret;
        if (critical != 0 && value >= critical) {
            ret = Level.CRITICAL.name();
        } else if (warning != 0 && value >= warning) {
            ret = Level.WARNING.name();
        } else if (careful != 0 && value >= careful) {
            ret = Level.CAREFUL.name();
        } else if (careful == 0 && warning == 0 && critical == 0) {
            ret = Level.DEFAULT;
        } else {
            ret = Level.OK.name();
        }
        Number min = number(minimum);
        if (min != null && cur.doubleValue() < min.doubleValue()) {
            ret = Level.CAREFUL.name();
        }

        String suffix = "";
        if (!ret.equals(Level.DEFAULT) && stat.logged(log)) {
            suffix = "_LOG";
            events.add(Level.valueOf(ret), stat.eventType(), value);
        }
        thresholds.record(stat.name(), ret);
        return ret + suffix;
    }

    /** Glances' {@code get_stat_name}: {@code <plugin>[_<actionKey>][_<header>]}, lower-cased. */
    public String statName(String header, String actionKey) {
        StringBuilder name = new StringBuilder(plugin);
        if (actionKey != null && !actionKey.isEmpty()) {
            name.append('_').append(actionKey);
        }
        if (header != null && !header.isEmpty()) {
            name.append('_').append(header);
        }
        return name.toString().toLowerCase(Locale.ROOT);
    }

    /** The number in a Java number or JSON node; booleans count as 1 and 0 (Python's bool is an int). */
    static Number number(Object value) {
        if (value instanceof JsonNode node) {
            if (node.isNumber()) {
                return node.numberValue();
            }
            if (node.isBoolean()) {
                return node.booleanValue() ? 1 : 0;
            }
            return null;
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return value instanceof Number n ? n : null;
    }

    private static boolean integral(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
                || n instanceof BigInteger;
    }

    // beyond this magnitude a long is not exactly a double
    private static final long EXACT_IN_DOUBLE = 1L << 53;

    // Python divides two ints exactly then rounds once; doing it in doubles could round twice for large byte counts
    static double percent(Number current, Number maximum) {
        if (integral(current) && integral(maximum)) {
            if (!(current instanceof BigInteger) && !(maximum instanceof BigInteger)) {
                long c = current.longValue();
                long m = maximum.longValue();
                if (Math.abs(c) <= EXACT_IN_DOUBLE / 100 && Math.abs(m) <= EXACT_IN_DOUBLE) {
                    // both operands exact in doubles, so the one rounding is the division's: Python's answer
                    return (double) (c * 100) / (double) m;
                }
            }
            return new BigDecimal(current.toString()).multiply(BigDecimal.valueOf(100))
                    .divide(new BigDecimal(maximum.toString()), MathContext.DECIMAL128).doubleValue();
        }
        return (current.doubleValue() * 100) / maximum.doubleValue();
    }

    /** The limits' threshold for a level, for plugins that compare on their own (wifi, folders). */
    Optional<Double> threshold(String level, String statName) {
        return limits.threshold(level, statName);
    }
}
