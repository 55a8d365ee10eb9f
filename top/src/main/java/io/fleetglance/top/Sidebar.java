package io.fleetglance.top;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.jline.utils.AttributedStyle;

/**
 * Glances' left sidebar: network, disk I/O, file systems and sensors, each a title line and one line per element.
 * When the height runs out, panels are dropped from the bottom (sensors first), as Glances does.
 */
final class Sidebar {

    static final int WIDTH = 34;
    private static final int VALUE = 8;

    private final Look look;
    private final HostStats s;

    Sidebar(Look look, HostStats stats) {
        this.look = look;
        this.s = stats;
    }

    /** The panels the toggles leave on, in Glances' order, fitted into {@code height} lines. */
    Block render(int height, Toggles toggles) {
        List<Block> panels = new ArrayList<>();
        if (toggles.network()) {
            panels.add(network());
        }
        if (toggles.diskio()) {
            panels.add(diskio());
        }
        if (toggles.fs()) {
            panels.add(fs());
        }
        if (toggles.sensors()) {
            panels.add(sensors());
        }
        panels.removeIf(Block::isEmpty);
        // Drop whole panels from the bottom until the rest fits; the last one kept may still be cut.
        while (panels.size() > 1 && total(panels) > height) {
            panels.remove(panels.size() - 1);
        }
        Block.Builder out = new Block.Builder(WIDTH);
        for (Block p : panels) {
            if (out.build().height() > 0) {
                out.add("", AttributedStyle.DEFAULT);
            }
            p.lines().forEach(out::add);
        }
        return out.build().top(height);
    }

    private static int total(List<Block> panels) {
        return panels.stream().mapToInt(Block::height).sum() + panels.size() - 1;
    }

    private Block network() {
        List<JsonNode> ifaces = s.list("network");
        if (!s.plugin("network").isArray()) {
            return Block.EMPTY;
        }
        Block.Builder b = new Block.Builder(WIDTH);
        b.add(title("NETWORK", "Rx/s", "Tx/s"));
        for (JsonNode n : ifaces) {
            String key = HostStats.keyOf(n);
            String name = n.path("alias").isTextual() ? n.path("alias").asText() : n.path("interface_name").asText();
            b.add(look.line().left(name, WIDTH - 2 * VALUE, AttributedStyle.DEFAULT)
                    .right(bits(HostStats.rate(n, "bytes_recv")), VALUE,
                            look.deco(s.decoration("network", key, "bytes_recv")))
                    .right(bits(HostStats.rate(n, "bytes_sent")), VALUE,
                            look.deco(s.decoration("network", key, "bytes_sent"))));
        }
        return b.build();
    }

    private Block diskio() {
        if (!s.plugin("diskio").isArray()) {
            return Block.EMPTY;
        }
        Block.Builder b = new Block.Builder(WIDTH);
        b.add(title("DISK I/O", "R/s", "W/s"));
        for (JsonNode d : s.list("diskio")) {
            String key = HostStats.keyOf(d);
            String name = d.path("alias").isTextual() ? d.path("alias").asText() : d.path("disk_name").asText();
            b.add(look.line().left(name, WIDTH - 2 * VALUE, AttributedStyle.DEFAULT)
                    .right(bytes(HostStats.rate(d, "read_bytes")), VALUE,
                            look.deco(s.decoration("diskio", key, "read_bytes")))
                    .right(bytes(HostStats.rate(d, "write_bytes")), VALUE,
                            look.deco(s.decoration("diskio", key, "write_bytes"))));
        }
        return b.build();
    }

    private Block fs() {
        if (!s.plugin("fs").isArray()) {
            return Block.EMPTY;
        }
        Block.Builder b = new Block.Builder(WIDTH);
        b.add(title("FILE SYS", "Used", "Total"));
        for (JsonNode f : s.list("fs")) {
            String key = HostStats.keyOf(f);
            String name = f.path("alias").isTextual() ? f.path("alias").asText() : f.path("mnt_point").asText();
            b.add(look.line().left(name, WIDTH - 2 * VALUE, AttributedStyle.DEFAULT)
                    .right(Units.auto(f.path("used"), false), VALUE, look.deco(s.decoration("fs", key, "used")))
                    .right(Units.auto(f.path("size"), false), VALUE, AttributedStyle.DEFAULT));
        }
        return b.build();
    }

    private Block sensors() {
        List<JsonNode> sensors = s.list("sensors");
        if (sensors.isEmpty()) {
            return Block.EMPTY;
        }
        Block.Builder b = new Block.Builder(WIDTH);
        b.add(look.line().left("SENSORS", WIDTH, look.title()));
        for (JsonNode t : sensors) {
            String key = HostStats.keyOf(t);
            String unit = t.path("unit").asText("");
            String value = t.path("value").isNumber() ? t.path("value").asText() + unit : "-";
            b.add(look.line().left(t.path("label").asText(), WIDTH - VALUE, AttributedStyle.DEFAULT)
                    .right(value, VALUE, look.deco(s.decoration("sensors", key, "value"))));
        }
        return b.build();
    }

    private Line title(String name, String a, String b) {
        return look.line().left(name, WIDTH - 2 * VALUE, look.title()).right(a, VALUE, AttributedStyle.DEFAULT)
                .right(b, VALUE, AttributedStyle.DEFAULT);
    }

    /** Glances shows network rates in bits per second. */
    private static String bits(double bytesPerSecond) {
        return Double.isNaN(bytesPerSecond) ? "-" : Units.auto(bytesPerSecond * 8, false) + "b";
    }

    private static String bytes(double perSecond) {
        return Double.isNaN(perSecond) ? "-" : Units.auto(perSecond, false);
    }
}
