package io.fleetglance.top;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.jline.utils.AttributedStyle;

/**
 * The band under the header, as Glances' curses interface draws it: quicklook bars, cpu (or per-cpu), mem, swap and
 * load side by side. On a narrow terminal the quicklook goes first, then the optional columns of cpu and mem, then
 * swap, as Glances gives them up.
 */
final class TopBand {

    private static final int GAP = 2;

    private final Look look;
    private final HostStats s;

    TopBand(Look look, HostStats stats) {
        this.look = look;
        this.s = stats;
    }

    Block render(int width, boolean perCpu) {
        for (int level = 0; level < 4; level++) {
            List<Block> blocks = new ArrayList<>();
            boolean full = level < 2;
            if (level == 0) {
                blocks.add(quicklook(perCpu));
            }
            blocks.add(perCpu ? perCpu(full) : cpu(full));
            blocks.add(mem(full));
            if (level < 3) {
                blocks.add(swap());
            }
            blocks.add(load());
            blocks.removeIf(Block::isEmpty);
            Block band = Block.beside(blocks, GAP);
            if (band.width() <= width || level == 3) {
                return band;
            }
        }
        return Block.EMPTY;
    }

    private Block quicklook(boolean perCpu) {
        JsonNode q = s.plugin("quicklook");
        if (!q.isObject()) {
            return Block.EMPTY;
        }
        List<String> items = new ArrayList<>();
        JsonNode list = s.views().path("quicklook").path("list");
        if (list.isArray() && !list.isEmpty()) {
            list.forEach(n -> items.add(n.asText()));
        } else {
            items.addAll(List.of("cpu", "mem", "swap", "load"));
        }
        int width = 28;
        Block.Builder b = new Block.Builder(width);
        for (String item : items) {
            if (item.equals("cpu") && perCpu && q.path("percpu").isArray()) {
                for (JsonNode c : q.path("percpu")) {
                    String label = "CPU" + c.path("cpu_number").asText();
                    b.add(bar(label, c.path("total"), null, width));
                }
                continue;
            }
            b.add(bar(item.toUpperCase(), q.path(item), s.decoration("quicklook", item), width));
        }
        return b.build();
    }

    /** {@code LABEL [■■■■····  12.3%]}: Glances' quicklook bar, filled in proportion and coloured as the value. */
    private Line bar(String label, JsonNode value, String decoration, int width) {
        double v = value.isNumber() ? Math.max(0, Math.min(100, value.asDouble())) : 0;
        String pct = value.isNumber() ? Units.percent(value) + "%" : "-";
        int inner = width - 6 - 2;
        int barCells = Math.max(1, inner - pct.length() - 1);
        int filled = (int) Math.round(barCells * v / 100);
        AttributedStyle style = look.deco(decoration);
        return look.line().left(label, 5, look.title()).text("[")
                .text(String.valueOf(look.glyphs().barFull()).repeat(filled), style)
                .text(String.valueOf(look.glyphs().barEmpty()).repeat(barCells - filled), look.palette().dim())
                .gap(inner - barCells - pct.length()).text(pct, style).text("]");
    }

    private Block cpu(boolean full) {
        JsonNode c = s.plugin("cpu");
        if (!c.isObject()) {
            return Block.EMPTY;
        }
        Block.Builder left = new Block.Builder(14);
        left.add(look.line().left("CPU", 7, look.title()).right(Units.percent(c.path("total")) + "%", 7,
                look.deco(s.decoration("cpu", "total"))));
        for (String f : List.of("user", "system", c.has("iowait") ? "iowait" : "dpc")) {
            left.add(field(f + ":", c.path(f), s.decoration("cpu", f), 14));
        }
        if (!full) {
            return left.build();
        }
        Block.Builder mid = new Block.Builder(13);
        for (String f : List.of("idle", "irq", "nice", "steal")) {
            mid.add(field(f + ":", c.path(f), s.decoration("cpu", f), 13));
        }
        Block.Builder right = new Block.Builder(13);
        String[][] rates = {{"ctx_sw:", "ctx_switches"}, {"inter:", "interrupts"}, {"sw_int:", "soft_interrupts"}};
        for (String[] r : rates) {
            double v = HostStats.rate(c, r[1]);
            right.add(look.line().left(r[0], 7, AttributedStyle.DEFAULT)
                    .right(Double.isNaN(v) ? "-" : Units.auto(v, true), 6, look.deco(s.decoration("cpu", r[1]))));
        }
        return Block.beside(List.of(left.build(), mid.build(), right.build()), 1);
    }

    /** Glances' per-cpu table ({@code 1}): one line per logical cpu, as many as the band holds. */
    private Block perCpu(boolean full) {
        List<JsonNode> cpus = s.list("percpu");
        if (cpus.isEmpty()) {
            return cpu(full);
        }
        String[] fields = full ? new String[] {"total", "user", "system", "idle", "iowait", "steal"}
                : new String[] {"total", "user", "system"};
        Block.Builder b = new Block.Builder(6 + 7 * fields.length);
        Line head = look.line().left("CPU", 6, look.title());
        for (String f : fields) {
            head.right(f, 7, look.title());
        }
        b.add(head);
        int shown = Math.min(cpus.size(), 4);
        for (int i = 0; i < shown; i++) {
            JsonNode c = cpus.get(i);
            String key = c.path("cpu_number").asText();
            Line l = look.line().left(key, 6, AttributedStyle.DEFAULT);
            for (String f : fields) {
                l.right(Units.percent(c.path(f)), 7, look.deco(s.decoration("percpu", key, f)));
            }
            b.add(l);
        }
        if (cpus.size() > shown) {
            b.add(look.line().text("(" + (cpus.size() - shown) + " more)", look.palette().dim()));
        }
        return b.build();
    }

    private Block mem(boolean full) {
        JsonNode m = s.plugin("mem");
        if (!m.isObject()) {
            return Block.EMPTY;
        }
        Block.Builder left = new Block.Builder(14);
        left.add(look.line().left("MEM", 7, look.title()).right(Units.percent(m.path("percent")) + "%", 7,
                look.deco(s.decoration("mem", "percent"))));
        for (String f : List.of("total", "used", "free")) {
            left.add(size(f + ":", m.path(f), s.decoration("mem", f), 14));
        }
        if (!full) {
            return left.build();
        }
        Block.Builder right = new Block.Builder(15);
        for (String f : List.of("active", "inactive", "buffers", "cached")) {
            right.add(size(f + ":", m.path(f), s.decoration("mem", f), 15));
        }
        return Block.beside(List.of(left.build(), right.build()), 1);
    }

    private Block swap() {
        JsonNode m = s.plugin("memswap");
        if (!m.isObject()) {
            return Block.EMPTY;
        }
        Block.Builder b = new Block.Builder(13);
        b.add(look.line().left("SWAP", 6, look.title()).right(Units.percent(m.path("percent")) + "%", 7,
                look.deco(s.decoration("memswap", "percent"))));
        for (String f : List.of("total", "used", "free")) {
            b.add(size(f + ":", m.path(f), s.decoration("memswap", f), 13));
        }
        return b.build();
    }

    private Block load() {
        JsonNode l = s.plugin("load");
        if (!l.isObject()) {
            return Block.EMPTY;
        }
        Block.Builder b = new Block.Builder(14);
        String cores = l.path("cpucore").isNumber() ? l.path("cpucore").asInt() + "-core" : "";
        b.add(look.line().left("LOAD", 6, look.title()).right(cores, 8, AttributedStyle.DEFAULT));
        String[][] rows = {{"1 min:", "min1"}, {"5 min:", "min5"}, {"15 min:", "min15"}};
        for (String[] r : rows) {
            b.add(look.line().left(r[0], 8, AttributedStyle.DEFAULT)
                    .right(Units.fixed(l.path(r[1]), 2), 6, look.deco(s.decoration("load", r[1]))));
        }
        return b.build();
    }

    private Line field(String label, JsonNode v, String decoration, int width) {
        String text = Units.percent(v);
        return look.line().left(label, width - 7, AttributedStyle.DEFAULT)
                .right(text.equals("-") ? "-" : text + "%", 7, look.deco(decoration));
    }

    private Line size(String label, JsonNode v, String decoration, int width) {
        return look.line().left(label, width - 6, AttributedStyle.DEFAULT)
                .right(Units.auto(v, false), 6, look.deco(decoration));
    }
}
