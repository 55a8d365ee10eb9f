package io.fleetglance.top;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.jline.utils.AttributedStyle;

/** Glances' containers panel (above the processes) and its alerts panel (at the bottom). */
final class LowerPanels {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private final Look look;
    private final HostStats s;
    private final ZoneId zone;

    LowerPanels(Look look, HostStats stats, ZoneId zone) {
        this.look = look;
        this.s = stats;
        this.zone = zone;
    }

    /** The running containers, one line each, at most {@code maxLines} lines with the title; empty when none. */
    Block containers(int width, int maxLines) {
        List<JsonNode> list = s.list("containers");
        if (list.isEmpty() || maxLines < 3) {
            return Block.EMPTY;
        }
        Block.Builder b = new Block.Builder(width);
        String engine = list.get(0).path("engine").asText("");
        b.add(look.line().text("CONTAINERS ", look.title()).text(list.size() + (engine.isEmpty() ? ""
                : " (served by " + engine + ")")));
        String[] heads = {"Name", "Status", "Uptime", "CPU%", "MEM", "IOR/s", "IOW/s", "Rx/s", "Tx/s"};
        int[] widths = {20, 9, 10, 6, 7, 7, 7, 7, 7};
        Line h = look.line();
        for (int i = 0; i < heads.length; i++) {
            if (i == 0) {
                h.left(heads[i], widths[i], look.title());
            } else {
                h.right(heads[i], widths[i], look.title());
            }
        }
        b.add(h);
        for (int r = 0; r < list.size() && r < maxLines - 2; r++) {
            JsonNode c = list.get(r);
            String key = HostStats.keyOf(c);
            Line l = look.line().left(c.path("name").asText(), widths[0], AttributedStyle.DEFAULT)
                    .right(c.path("status").asText(""), widths[1],
                            look.deco(c.path("status").asText("").equals("running") ? "OK" : "WARNING"))
                    .right(c.path("uptime").asText(""), widths[2], AttributedStyle.DEFAULT)
                    .right(Units.fixed(c.path("cpu_percent"), 1), widths[3],
                            look.deco(s.decoration("containers", key, "cpu_percent")))
                    .right(Units.auto(c.path("memory_usage"), true), widths[4],
                            look.deco(s.decoration("containers", key, "memory_usage")))
                    .right(Units.auto(c.path("io_rx"), true), widths[5], AttributedStyle.DEFAULT)
                    .right(Units.auto(c.path("io_wx"), true), widths[6], AttributedStyle.DEFAULT)
                    .right(bits(c.path("network_rx")), widths[7], AttributedStyle.DEFAULT)
                    .right(bits(c.path("network_tx")), widths[8], AttributedStyle.DEFAULT);
            b.add(l);
        }
        return b.build();
    }

    private static String bits(JsonNode bytesPerSecond) {
        return bytesPerSecond.isNumber() ? Units.auto(bytesPerSecond.asDouble() * 8, true) + "b" : "-";
    }

    /** The events list, newest first, in at most {@code maxLines} lines including its title. */
    Block alerts(int width, int maxLines) {
        List<JsonNode> events = s.list("alert");
        Block.Builder b = new Block.Builder(width);
        String now = s.plugin("now").path("custom").asText("");
        Line title = look.line();
        if (!now.isEmpty()) {
            title.text(now + "  ", AttributedStyle.DEFAULT);
        }
        if (events.isEmpty()) {
            b.add(title.text("No warning or critical alert detected", look.deco("OK")));
            return b.build();
        }
        b.add(title.text("Warning or critical alerts", look.title())
                .text(" (last " + events.size() + (events.size() == 1 ? " entry)" : " entries)")));
        for (int i = 0; i < events.size() && i < maxLines - 1; i++) {
            b.add(event(events.get(i)));
        }
        return b.build();
    }

    private Line event(JsonNode e) {
        long begin = e.path("begin").asLong();
        double end = e.path("end").asDouble(-1);
        boolean ongoing = end < 0;
        String state = e.path("state").asText("?");
        String duration = ongoing ? "ongoing" : duration((long) end - begin);
        Line l = look.line().text(WHEN.format(Instant.ofEpochSecond(begin).atZone(zone)) + " (" + duration + ") - ")
                .text(state, look.deco(ongoing ? state + "_LOG" : state))
                .text(" on " + e.path("type").asText("?"))
                .text(String.format(Locale.ROOT, " (Min:%.1f Mean:%.1f Max:%.1f)", e.path("min").asDouble(),
                        e.path("avg").asDouble(), e.path("max").asDouble()));
        StringBuilder top = new StringBuilder();
        for (JsonNode t : e.path("top")) {
            top.append(top.length() == 0 ? ": " : ", ").append(t.asText());
        }
        return l.text(top.toString(), look.palette().dim());
    }

    /** Glances' event durations: {@code H:MM:SS}. */
    static String duration(long seconds) {
        long s = Math.max(0, seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60);
    }
}
