package io.fleetglance.top;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jline.utils.AttributedStyle;

/**
 * Glances' process area: the TASKS line, the filter, the column headers and one line per process, sorted and
 * filtered as asked, the selected process marked and, when asked for, its extended stats under it.
 */
final class ProcessPanel {

    private static final int MIN_COMMAND = 12;

    private final Look look;
    private final HostStats s;
    private final HostScreen.State state;

    ProcessPanel(Look look, HostStats stats, HostScreen.State state) {
        this.look = look;
        this.s = stats;
        this.state = state;
    }

    /** The processes as listed: filtered, then sorted by the sort in effect. */
    static List<JsonNode> visible(HostStats stats, ProcessSort sort, ProcessFilter filter) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : stats.list("processlist")) {
            if (filter.matches(p)) {
                out.add(p);
            }
        }
        out.sort(sort.effective(stats.list("alert")).comparator());
        return out;
    }

    /** The columns that fit {@code width}, leaving the command at least a few characters. */
    static Set<ProcessColumn> columnsFor(int width) {
        Set<ProcessColumn> cols = EnumSet.allOf(ProcessColumn.class);
        for (int rank = 1; rank <= 8 && fixedWidth(cols) + 1 + MIN_COMMAND > width; rank++) {
            for (ProcessColumn c : ProcessColumn.values()) {
                if (c.dropRank == rank) {
                    cols.remove(c);
                }
            }
        }
        return cols;
    }

    private static int fixedWidth(Set<ProcessColumn> cols) {
        return 1 + cols.stream().mapToInt(c -> c.width).sum();
    }

    Block render(int width, int height) {
        Block.Builder b = new Block.Builder(width);
        ProcessSort effective = state.sort().effective(s.list("alert"));
        b.add(tasks(effective));
        if (!state.filter().isEmpty()) {
            b.add(look.line().text("Processes filter: ", look.title()).text(state.filter().text(),
                    look.palette().filter()).text("  ('/' to edit, 'E' to reset)", look.palette().dim()));
        }
        Set<ProcessColumn> cols = columnsFor(width);
        b.add(header(cols, effective, width));
        List<JsonNode> procs = visible(s, state.sort(), state.filter());
        int room = height - b.build().height();
        List<Line> extended = extendedLines();
        int selected = indexOf(procs, state.selectedPid());
        int rows = Math.max(0, room - (selected >= 0 ? extended.size() : 0));
        int first = selected >= rows ? selected - rows + 1 : 0;
        for (int i = first; i < procs.size() && i < first + rows; i++) {
            JsonNode p = procs.get(i);
            b.add(row(p, cols, width, i == selected));
            if (i == selected) {
                extended.forEach(b::add);
            }
        }
        if (procs.isEmpty() && room > 0) {
            b.add(look.line().text(s.plugin("processlist").isArray() ? "No process matches the filter"
                    : "No process list from this host", look.palette().dim()));
        }
        return b.build().top(height);
    }

    static int indexOf(List<JsonNode> procs, long pid) {
        for (int i = 0; i < procs.size(); i++) {
            if (procs.get(i).path("pid").asLong(-1) == pid) {
                return i;
            }
        }
        return -1;
    }

    private Line tasks(ProcessSort effective) {
        JsonNode c = s.plugin("processcount");
        Line l = look.line().text("TASKS ", look.title());
        if (c.isObject()) {
            long total = c.path("total").asLong();
            long running = c.path("running").asLong();
            long sleeping = c.path("sleeping").asLong();
            l.text(String.format(Locale.ROOT, "%d (%d thr), %d run, %d slp, %d oth ", total,
                    c.path("thread").asLong(), running, sleeping, Math.max(0, total - running - sleeping)));
        }
        String how = state.sort() == ProcessSort.AUTO ? "sorted automatically by " + effective.label
                : "sorted by " + effective.label;
        return l.text(how, look.palette().dim());
    }

    private Line header(Set<ProcessColumn> cols, ProcessSort effective, int width) {
        Line l = look.line().gap(1);
        for (ProcessColumn c : cols) {
            AttributedStyle style = c.sort == effective ? look.palette().sorted() : look.title();
            if (c.leftAligned()) {
                l.gap(1).left(c.header, c.width - 1, style);
            } else {
                l.right(c.header, c.width, style);
            }
        }
        AttributedStyle cmd = effective == ProcessSort.NAME ? look.palette().sorted() : look.title();
        return l.gap(1).left("Command", Math.max(0, width - l.length() - 1), cmd);
    }

    /** One process line; the selected one is drawn in one style throughout, as Glances marks it. */
    private Line row(JsonNode p, Set<ProcessColumn> cols, int width, boolean selected) {
        String key = p.path("pid").asText();
        Line l = look.line().text(selected ? look.glyphs().selectMark() : " ",
                selected ? look.palette().sorted() : AttributedStyle.DEFAULT);
        for (ProcessColumn c : cols) {
            AttributedStyle style = selected ? look.palette().selected()
                    : c.decoratedBy == null ? AttributedStyle.DEFAULT
                    : look.deco(s.decoration("processlist", key, c.decoratedBy));
            String text = c.cell(p);
            if (c.leftAligned()) {
                l.gap(1).left(text, c.width - 1, style);
            } else {
                l.right(text, c.width, style);
            }
        }
        int room = Math.max(0, width - l.length() - 1);
        String name = p.path("name").asText("");
        String cmdline = ProcessFilter.commandLine(p);
        l.gap(1);
        if (selected) {
            return l.left(cmdline.isEmpty() ? name : cmdline, room, look.palette().selected());
        }
        if (cmdline.isEmpty()) {
            return l.left(name, room, AttributedStyle.DEFAULT);
        }
        // Glances highlights the program's name inside its command line.
        String shown = Units.left(cmdline, room, look.glyphs());
        int at = name.isEmpty() ? -1 : shown.indexOf(name);
        if (at < 0) {
            return l.text(shown, look.palette().dim());
        }
        return l.text(shown.substring(0, at), look.palette().dim()).text(name, look.title())
                .text(shown.substring(at + name.length()), look.palette().dim());
    }

    /** The extended stats Glances shows under the selected process ({@code e}). */
    private List<Line> extendedLines() {
        List<Line> out = new ArrayList<>();
        if (state.extendedPid() < 0 || state.extendedPid() != state.selectedPid()) {
            return out;
        }
        JsonNode e = s.extended();
        if (e.path("pid").asLong(-2) != state.extendedPid()) {
            out.add(look.line().text("    extended stats requested, waiting for the next sample",
                    look.palette().dim()));
            return out;
        }
        int affinity = e.path("cpu_affinity").isArray() ? e.path("cpu_affinity").size() : 0;
        out.add(look.line().text("    CPU affinity ", look.palette().dim()).text(affinity + " cores")
                .text("  Memory swap ", look.palette().dim()).text(Units.auto(e.path("memory_swap"), true))
                .text("  Open ", look.palette().dim()).text(e.path("num_fds").asText("?") + " files, "
                        + e.path("tcp").asText("?") + " TCP, " + e.path("udp").asText("?") + " UDP"));
        out.add(look.line().text("    CPU min/max/mean ", look.palette().dim())
                .text(Units.fixed(e.path("cpu_min"), 1) + "/" + Units.fixed(e.path("cpu_max"), 1) + "/"
                        + Units.fixed(e.path("cpu_mean"), 1) + "%")
                .text("  MEM min/max/mean ", look.palette().dim())
                .text(Units.fixed(e.path("memory_min"), 1) + "/" + Units.fixed(e.path("memory_max"), 1) + "/"
                        + Units.fixed(e.path("memory_mean"), 1) + "%"));
        out.add(look.line().text("    IO nice ", look.palette().dim())
                .text(e.path("ionice").path("ioclass").asText("?") + "/" + e.path("ionice").path("value").asText("?"))
                .text("  Context switches ", look.palette().dim())
                .text(e.path("num_ctx_switches").path("voluntary").asText("?") + " vol, "
                        + e.path("num_ctx_switches").path("involuntary").asText("?") + " invol"));
        return out;
    }
}
