package io.fleetglance.top;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

/**
 * The fleet browser, as {@code glances --browser} draws it: one line per host of {@code /api/4/serverslist} with its
 * name, address, status and the configured columns coloured by their decorations; sortable and filtered by name.
 */
final class BrowserScreen {

    /** Glances' browser order of statuses. */
    private static final Map<String, Integer> STATUS_RANK = Map.of("UNKNOWN", 0, "OFFLINE", 1, "PROTECTED", 2,
            "SNMP", 3, "ONLINE", 4);

    /** The sort column ({@code name}, {@code status} or a server column), its direction, the filter, the cursor. */
    record State(String sortColumn, boolean reverse, String filter, String selectedKey) {

        static State initial() {
            return new State("name", false, "", null);
        }

        /** The same key again flips the order, as clicking a header twice does on the fleet page. */
        State sortedBy(String column) {
            return new State(column, column.equals(sortColumn) && !reverse, filter, selectedKey);
        }

        State withFilter(String f) {
            return new State(sortColumn, reverse, f, selectedKey);
        }

        State withSelected(String key) {
            return new State(sortColumn, reverse, filter, key);
        }
    }

    private final Look look;

    BrowserScreen(Look look) {
        this.look = look;
    }

    /** The hosts listed, filtered by name (or alias) and sorted as the state says. */
    static List<JsonNode> visible(JsonNode servers, State state) {
        List<JsonNode> out = new ArrayList<>();
        String filter = state.filter().toLowerCase(Locale.ROOT);
        if (servers != null) {
            for (JsonNode s : servers) {
                if (filter.isEmpty() || label(s).toLowerCase(Locale.ROOT).contains(filter)) {
                    out.add(s);
                }
            }
        }
        Comparator<JsonNode> byName = Comparator.comparing(s -> label(s).toLowerCase(Locale.ROOT));
        Comparator<JsonNode> c;
        if (state.sortColumn().equals("name")) {
            c = byName;
        } else if (state.sortColumn().equals("status")) {
            c = Comparator.comparingInt((JsonNode s) -> STATUS_RANK.getOrDefault(s.path("status").asText(), 0));
        } else {
            String col = state.sortColumn();
            // Numbers high first, as a cpu or mem column is read; text in order; hosts without the value last.
            c = Comparator.comparing((JsonNode s) -> !s.hasNonNull(col))
                    .thenComparing(s -> s.path(col).isNumber() ? -s.path(col).asDouble() : 0.0)
                    .thenComparing(s -> s.path(col).isTextual() ? s.path(col).asText() : "");
        }
        if (state.reverse()) {
            c = c.reversed();
        }
        out.sort(c.thenComparing(byName));
        return out;
    }

    static String label(JsonNode server) {
        return server.hasNonNull("alias") ? server.path("alias").asText() : server.path("name").asText();
    }

    static String keyOf(JsonNode server) {
        return server.path("key").asText(server.path("name").asText());
    }

    List<AttributedString> render(String hub, JsonNode servers, String banner, State state, boolean editingFilter,
            Instant now, int width, int height) {
        List<AttributedString> out = new ArrayList<>();
        if (banner != null) {
            out.add(Block.fit(new AttributedString(" " + banner, look.palette().banner()), width));
        }
        List<JsonNode> shown = visible(servers, state);
        int total = servers == null ? 0 : servers.size();
        long online = servers == null ? 0 : count(servers, "ONLINE");
        Line title = look.line().text(total == 0 ? "No host in the fleet" : total == 1 ? "One host in the fleet"
                : total + " hosts in the fleet", look.title())
                .text(" of " + hub + " (" + online + " ONLINE, " + (total - online) + " not)")
                .text("  sorted by " + state.sortColumn() + (state.reverse() ? " (reversed)" : ""),
                        look.palette().dim());
        out.add(title.done());
        if (editingFilter || !state.filter().isEmpty()) {
            out.add(look.line().text("Host filter: ", look.title()).text(state.filter()
                    + (editingFilter ? "_" : ""), look.palette().filter()).done());
        }
        out.add(AttributedString.EMPTY);
        List<String> columns = new ArrayList<>();
        if (servers != null && !servers.isEmpty()) {
            servers.get(0).path("columns").forEach(c -> columns.add(c.asText()));
        }
        int[] widths = columnWidths(servers, columns, width);
        Line head = look.line().gap(1).left("NAME", 17, sortStyle(state, "name"))
                .left("IP", 16, look.title()).left("STATUS", 10, sortStyle(state, "status"));
        for (int i = 0; i < columns.size(); i++) {
            String name = header(columns.get(i));
            if (widths[i] > 0 && numeric(servers, columns.get(i))) {
                head.right(name, widths[i], sortStyle(state, columns.get(i)));
            } else if (widths[i] > 0) {
                head.gap(1).left(name, widths[i] - 1, sortStyle(state, columns.get(i)));
            }
        }
        head.right("LAST SEEN", 11, look.title());
        out.add(Block.fit(head.done(), width));
        int room = height - out.size();
        int selected = -1;
        for (int i = 0; i < shown.size(); i++) {
            if (keyOf(shown.get(i)).equals(state.selectedKey())) {
                selected = i;
            }
        }
        int first = selected >= room ? selected - room + 1 : 0;
        for (int i = first; i < shown.size() && i < first + room; i++) {
            out.add(Block.fit(row(shown.get(i), columns, widths, i == selected, now), width));
        }
        if (shown.isEmpty() && room > 0) {
            out.add(new AttributedString(total == 0 ? "Waiting for the hub's host list"
                    : "No host matches the filter", look.palette().dim()));
        }
        List<AttributedString> fitted = new ArrayList<>();
        for (int i = 0; i < height; i++) {
            fitted.add(Block.fit(i < out.size() ? out.get(i) : AttributedString.EMPTY, width));
        }
        return fitted;
    }

    private AttributedStyle sortStyle(State state, String column) {
        return state.sortColumn().equals(column) ? look.palette().sorted() : look.title();
    }

    private static long count(JsonNode servers, String status) {
        long n = 0;
        for (JsonNode s : servers) {
            if (status.equals(s.path("status").asText())) {
                n++;
            }
        }
        return n;
    }

    /** Numeric columns 8 wide; text columns (the system name) share what is left; 0 hides a column. */
    private static int[] columnWidths(JsonNode servers, List<String> columns, int width) {
        int[] w = new int[columns.size()];
        int left = width - 1 - 17 - 16 - 10 - 11;
        List<Integer> text = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            if (numeric(servers, columns.get(i))) {
                int want = Math.max(8, header(columns.get(i)).length() + 1);
                w[i] = left >= want ? want : 0;
                left -= w[i];
            } else {
                text.add(i);
            }
        }
        for (int i : text) {
            w[i] = left / text.size() >= 8 ? Math.min(40, left / text.size()) : 0;
        }
        return w;
    }

    /** Glances' WebUI header of a column: {@code cpu_total} reads CPU TOTAL. */
    private static String header(String column) {
        return column.replace('_', ' ').toUpperCase(Locale.ROOT);
    }

    private static boolean numeric(JsonNode servers, String column) {
        if (servers != null) {
            for (JsonNode s : servers) {
                if (s.path(column).isTextual()) {
                    return false;
                }
            }
        }
        return true;
    }

    private AttributedString row(JsonNode s, List<String> columns, int[] widths, boolean selected, Instant now) {
        String status = s.path("status").asText("UNKNOWN");
        AttributedStyle sel = look.palette().selected();
        Line l = look.line().text(selected ? look.glyphs().selectMark() : " ",
                selected ? look.palette().sorted() : AttributedStyle.DEFAULT)
                .left(label(s), 16, selected ? sel : look.title()).gap(1)
                .left(s.path("ip").asText(""), 15, selected ? sel : AttributedStyle.DEFAULT).gap(1)
                .left(status, 9, look.deco(switch (status) {
                    case "ONLINE", "SNMP" -> "OK";
                    case "OFFLINE" -> "CRITICAL";
                    case "PROTECTED" -> "WARNING";
                    default -> "DEFAULT";
                })).gap(1);
        for (int i = 0; i < columns.size(); i++) {
            if (widths[i] == 0) {
                continue;
            }
            JsonNode v = s.path(columns.get(i));
            AttributedStyle style = look.deco(s.path(columns.get(i) + "_decoration").asText(null));
            if (v.isNumber()) {
                l.right(String.format(Locale.ROOT, "%.1f", v.asDouble()), widths[i], style);
            } else {
                l.gap(1).left(v.isMissingNode() || v.isNull() ? "" : v.asText(), widths[i] - 1, style);
            }
        }
        return l.right(age(s.path("last_seen").asText(null), now), 11, look.palette().dim()).done();
    }

    /** How long ago the hub last heard from the host, from its {@code last_seen} timestamp. */
    static String age(String lastSeen, Instant now) {
        if (lastSeen == null) {
            return "-";
        }
        try {
            long s = Duration.between(OffsetDateTime.parse(lastSeen).toInstant(), now).toSeconds();
            s = Math.max(0, s);
            return s < 120 ? s + " s ago" : s < 7200 ? s / 60 + " min ago" : s / 3600 + " h ago";
        } catch (DateTimeParseException e) {
            return "?";
        }
    }
}
