package io.fleetglance.top;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

/**
 * One host's screen, laid out as Glances' curses interface: header, the cpu/mem/swap/load band, the left sidebar
 * beside the containers and processes, the alerts at the bottom. A pure function of the stats, the state and the
 * terminal size, so it is tested on fixtures without a terminal.
 */
final class HostScreen {

    /** What the keys have chosen on this screen. */
    record State(ProcessSort sort, ProcessFilter filter, long selectedPid, long extendedPid, Toggles toggles,
            boolean perCpu) {

        static State initial() {
            return new State(ProcessSort.AUTO, ProcessFilter.NONE, -1, -1, Toggles.ALL, false);
        }

        State withSort(ProcessSort s) {
            return new State(s, filter, selectedPid, extendedPid, toggles, perCpu);
        }

        State withFilter(ProcessFilter f) {
            return new State(sort, f, selectedPid, extendedPid, toggles, perCpu);
        }

        State withSelected(long pid) {
            return new State(sort, filter, pid, extendedPid, toggles, perCpu);
        }

        State withExtended(long pid) {
            return new State(sort, filter, selectedPid, pid, toggles, perCpu);
        }

        State withToggles(Toggles t) {
            return new State(sort, filter, selectedPid, extendedPid, t, perCpu);
        }

        State withPerCpu(boolean on) {
            return new State(sort, filter, selectedPid, extendedPid, toggles, on);
        }
    }

    private final Look look;
    private final ZoneId zone;

    HostScreen(Look look, ZoneId zone) {
        this.look = look;
        this.zone = zone;
    }

    /**
     * The screen's lines. {@code status} is the host's fleet status (ONLINE, OFFLINE…), {@code banner} a problem to
     * show on the first line (a hub not answering), or null.
     */
    List<AttributedString> render(String host, HostStats stats, String status, String banner, State state,
            int width, int height) {
        List<AttributedString> out = new ArrayList<>();
        if (banner != null) {
            out.add(Block.fit(new AttributedString(" " + banner, look.palette().banner()), width));
        }
        if ("OFFLINE".equals(status)) {
            out.add(Block.fit(new AttributedString(" Host " + host + " is OFFLINE: its agent stopped sending; "
                    + "the last stats received are shown", look.palette().banner()), width));
        }
        if (stats == null) {
            out.add(new AttributedString(host + ": waiting for the first answer of the hub", look.title()));
            return finish(out, width, height);
        }
        out.add(header(host, stats, status, width));
        out.add(AttributedString.EMPTY);
        Block band = new TopBand(look, stats).render(width, state.perCpu());
        int alertsRoom = Math.max(1, Math.min(1 + stats.list("alert").size(), Math.max(2, height / 5)));
        int middle = height - out.size() - band.height() - 1 - alertsRoom - 1;
        if (middle < 4) {
            // Too short for the band and a useful process list: the processes win, as they do in Glances.
            band = Block.EMPTY;
            middle = height - out.size() - alertsRoom - 1;
        }
        if (!band.isEmpty()) {
            out.addAll(band.lines());
            out.add(AttributedString.EMPTY);
        }
        if (middle > 0) {
            out.addAll(middle(stats, state, width, middle).lines());
        }
        if (out.size() < height - alertsRoom) {
            out.add(AttributedString.EMPTY);
        }
        LowerPanels lower = new LowerPanels(look, stats, zone);
        out.addAll(lower.alerts(width, Math.max(1, height - out.size())).lines());
        return finish(out, width, height);
    }

    private Block middle(HostStats stats, State state, int width, int height) {
        boolean sidebar = width - Sidebar.WIDTH - 1 >= 44
                && (state.toggles().network() || state.toggles().diskio() || state.toggles().fs()
                || state.toggles().sensors());
        int rightWidth = sidebar ? width - Sidebar.WIDTH - 1 : width;
        LowerPanels lower = new LowerPanels(look, stats, zone);
        Block containers = lower.containers(rightWidth, Math.min(stats.list("containers").size() + 2, height / 3));
        int procHeight = height - containers.height() - (containers.isEmpty() ? 0 : 1);
        Block.Builder right = new Block.Builder(rightWidth);
        containers.lines().forEach(right::add);
        if (!containers.isEmpty()) {
            right.add("", AttributedStyle.DEFAULT);
        }
        new ProcessPanel(look, stats, state).render(rightWidth, procHeight).lines().forEach(right::add);
        if (!sidebar) {
            return right.build();
        }
        return Block.beside(List.of(new Sidebar(look, stats).render(height, state.toggles()), right.build()), 1);
    }

    /** {@code host (hr_name) IP a.b.c.d/nn} on the left, {@code Uptime: …} on the right. */
    private AttributedString header(String host, HostStats stats, String status, int width) {
        JsonNode system = stats.plugin("system");
        JsonNode ip = stats.plugin("ip");
        Line l = look.line().text(system.path("hostname").asText(host), look.title());
        if (!host.equals(system.path("hostname").asText(host))) {
            l.text(" [" + host + "]", look.title());
        }
        if (status != null && !"ONLINE".equals(status)) {
            l.text(" " + status, look.deco("OFFLINE".equals(status) ? "CRITICAL" : "WARNING"));
        }
        if (system.hasNonNull("hr_name")) {
            l.text(" (" + system.path("hr_name").asText() + ")");
        }
        if (ip.hasNonNull("address")) {
            l.text("  IP ", look.title()).text(ip.path("address").asText() + (ip.has("mask_cidr")
                    ? "/" + ip.path("mask_cidr").asText() : ""));
        }
        JsonNode uptime = stats.plugin("uptime");
        String up = uptime.isTextual() ? "Uptime: " + uptime.asText() : "";
        int room = width - l.length();
        if (up.length() + 2 <= room) {
            l.gap(room - up.length()).text(up);
        }
        return Block.fit(l.done(), width);
    }

    private static List<AttributedString> finish(List<AttributedString> lines, int width, int height) {
        List<AttributedString> out = new ArrayList<>(height);
        for (int i = 0; i < height; i++) {
            out.add(Block.fit(i < lines.size() ? lines.get(i) : AttributedString.EMPTY, width));
        }
        return out;
    }
}
