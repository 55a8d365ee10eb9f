package io.fleetglance.top;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.Test;

/** The host screen laid out from a real Glances host's answers, at the sizes a terminal has. */
class HostScreenTest {

    private static final Look LOOK = new Look(Palette.COLOR_256, Glyphs.UTF8);
    private final HostScreen screen = new HostScreen(LOOK, ZoneOffset.UTC);

    private List<AttributedString> render(HostStats stats, HostScreen.State state, int width, int height) {
        return screen.render("vm", stats, "ONLINE", null, state, width, height);
    }

    private static String text(List<AttributedString> lines) {
        return lines.stream().map(AttributedString::toString).collect(Collectors.joining("\n"));
    }

    @Test
    void fillsTheTerminalExactlyAtEverySize() {
        for (int[] size : new int[][] {{80, 24}, {100, 30}, {120, 40}, {200, 60}, {40, 12}}) {
            List<AttributedString> lines = render(Fixtures.host(), HostScreen.State.initial(), size[0], size[1]);
            assertEquals(size[1], lines.size());
            lines.forEach(l -> assertEquals(size[0], l.columnLength(), l.toString()));
        }
    }

    @Test
    void showsGlancesPanelsWithTheHostsValues() {
        String s = text(render(Fixtures.host(), HostScreen.State.initial(), 120, 40));
        assertTrue(s.startsWith("vm (Debian GNU/Linux 12 64bit / Linux 6.18.44-fc-v657)"), s);
        assertTrue(s.contains("Uptime: 0:04:59"), s);
        assertTrue(s.contains("total:   23.6G"), "mem total 25325268992 bytes:\n" + s);
        assertTrue(s.contains("2-core") && s.contains("1 min:    0.51") && s.contains("15 min:   0.12"), s);
        assertTrue(s.contains("TASKS 78 (100 thr), 0 run, 42 slp, 36 oth"), s);
        for (String name : List.of("eth0", "vda", "zram0", "NETWORK", "DISK I/O", "FILE SYS")) {
            assertTrue(s.contains(name), name + "\n" + s);
        }
        assertTrue(s.contains("CRITICAL on CPU_TOTAL (Min:100.0 Mean:100.0 Max:100.0)"), s);
        assertTrue(s.contains("(0:00:14)"), "a finished event shows how long it lasted:\n" + s);
    }

    @Test
    void coloursEachValueByItsDecoration() {
        List<AttributedString> lines = render(Fixtures.host(), HostScreen.State.initial(), 120, 40);
        AttributedString cpuLine = lines.stream().filter(l -> l.toString().startsWith("CPU ")).findFirst()
                .orElseThrow();
        int at = cpuLine.toString().indexOf("3.5%");
        assertTrue(at > 0, cpuLine.toString());
        // cpu.total is OK_LOG in the views: white on green
        assertEquals(Palette.COLOR_256.decoration("OK_LOG"), cpuLine.styleAt(at));
        assertEquals(AttributedStyle.DEFAULT.foreground(AttributedStyle.WHITE).background(28),
                Palette.COLOR_256.decoration("OK_LOG"));
        assertEquals(AttributedStyle.DEFAULT.foreground(160), Palette.COLOR_256.decoration("CRITICAL"));
        assertEquals(AttributedStyle.BOLD.inverse(), Palette.MONO.decoration("CRITICAL_LOG"));
    }

    @Test
    void dropsPanelsInGlancesOrderWhenNarrow() {
        String wide = text(render(Fixtures.host(), HostScreen.State.initial(), 160, 40));
        assertTrue(wide.contains("CPU  [") && wide.contains("VIRT") && wide.contains("ctx_sw:"), wide);
        String mid = text(render(Fixtures.host(), HostScreen.State.initial(), 120, 40));
        assertFalse(mid.contains("CPU  ["), "the quicklook goes first:\n" + mid);
        assertTrue(mid.contains("ctx_sw:"), mid);
        String small = text(render(Fixtures.host(), HostScreen.State.initial(), 80, 24));
        assertFalse(small.contains("ctx_sw:"), "then cpu's optional columns:\n" + small);
        assertFalse(small.contains("VIRT"), "and the optional process columns:\n" + small);
        assertTrue(small.contains("NETWORK") && small.contains("CPU%") && small.contains("SWAP"), small);
        String tiny = text(render(Fixtures.host(), HostScreen.State.initial(), 60, 12));
        assertFalse(tiny.contains("NETWORK"), "a terminal too narrow for the sidebar keeps the processes:\n" + tiny);
        assertTrue(tiny.contains("TASKS"), tiny);
    }

    @Test
    void togglesHidePanelsAndPerCpuShowsEachCpu() {
        HostScreen.State state = HostScreen.State.initial().withToggles(Toggles.ALL.flip('n').flip('d'));
        String s = text(render(Fixtures.host(), state, 120, 40));
        assertFalse(s.contains("NETWORK") || s.contains("DISK I/O"), s);
        assertTrue(s.contains("FILE SYS"), s);
        String perCpu = text(render(Fixtures.host(), HostScreen.State.initial().withPerCpu(true), 120, 40));
        assertTrue(perCpu.contains("CPU     total   user system   idle iowait  steal"), perCpu);
    }

    @Test
    void showsTheExtendedStatsUnderTheSelectedProcess() {
        HostScreen.State state = HostScreen.State.initial().withSelected(1).withExtended(1);
        String s = text(render(Fixtures.host(), state, 140, 60));
        List<String> lines = s.lines().toList();
        int row = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("▶") && lines.get(i).contains("/usr/bin/process_api")) {
                row = i;
            }
        }
        assertTrue(row > 0, s);
        assertTrue(lines.get(row + 1).contains("CPU affinity") && lines.get(row + 1).contains("files"), s);
        assertTrue(lines.get(row + 2).contains("CPU min/max/mean"), s);
    }

    @Test
    void marksAnOfflineHostAndAHubThatDoesNotAnswer() {
        List<AttributedString> lines = screen.render("vm", Fixtures.host(), "OFFLINE",
                "NOT ANSWERING since 10:00:00: refused", HostScreen.State.initial(), 100, 30);
        assertTrue(lines.get(0).toString().contains("NOT ANSWERING since 10:00:00"));
        assertTrue(lines.get(1).toString().contains("Host vm is OFFLINE"));
        assertTrue(lines.get(2).toString().startsWith("vm OFFLINE ("), lines.get(2).toString());
        assertEquals(Palette.COLOR_256.banner(), lines.get(0).styleAt(1));
    }

    @Test
    void followsTheAutoSortOfTheOngoingEvent() {
        ObjectNode all = Fixtures.json("all.json").deepCopy();
        ArrayNode alerts = all.putArray("alert");
        alerts.addObject().put("begin", 1).put("end", -1).put("state", "WARNING").put("type", "MEM")
                .put("sort", "memory_percent");
        HostStats stats = new HostStats(all, Fixtures.json("all__views.json"), null);
        String s = text(render(stats, HostScreen.State.initial(), 120, 40));
        assertTrue(s.contains("sorted automatically by MEM consumption"), s);
        List<JsonNode> procs = ProcessPanel.visible(stats, ProcessSort.AUTO, ProcessFilter.NONE);
        for (int i = 1; i < procs.size(); i++) {
            assertTrue(procs.get(i - 1).path("memory_percent").asDouble()
                    >= procs.get(i).path("memory_percent").asDouble());
        }
    }
}
