package io.fleetglance.top;

import java.util.ArrayList;
import java.util.List;
import org.jline.utils.AttributedString;

/** The keys, as Glances' {@code h} screen lists them. */
final class HelpScreen {

    static final String[][] HOST_KEYS = {
        {"a", "Sort processes automatically (follows the alerts)"},
        {"c", "Sort processes by CPU%"},
        {"m", "Sort processes by MEM%"},
        {"i", "Sort processes by I/O rate"},
        {"p", "Sort processes by name"},
        {"t", "Sort processes by CPU time"},
        {"u", "Sort processes by user"},
        {"/", "Filter processes (regex on name or command, or field:regex)"},
        {"E", "Reset the process filter"},
        {"Up/Down", "Select a process (PgUp/PgDn, Home/End)"},
        {"e", "Extended stats of the selected process (again: off)"},
        {"1", "Global CPU or per-CPU stats"},
        {"d", "Show/hide disk I/O"},
        {"n", "Show/hide network"},
        {"f", "Show/hide file systems"},
        {"s", "Show/hide sensors"},
        {"w", "Clear finished warning events"},
        {"x", "Clear all finished events"},
        {"b", "Fleet browser"},
        {"h", "Show/hide this help"},
        {"Esc", "Back to the fleet browser (quit when started on a host)"},
        {"q", "Quit"},
    };

    static final String[][] BROWSER_KEYS = {
        {"Up/Down", "Select a host"},
        {"Enter", "Open the selected host"},
        {"/", "Filter hosts by name"},
        {"n s", "Sort by name, by status"},
        {"c m l", "Sort by cpu, mem, load (again: reversed)"},
        {"q Esc", "Quit"},
    };

    private final Look look;

    HelpScreen(Look look) {
        this.look = look;
    }

    List<AttributedString> render(String version, int width, int height) {
        List<AttributedString> out = new ArrayList<>();
        out.add(look.line().text("fleetglance top " + version, look.title())
                .text(" - Glances' keys, over the hub's REST API", look.palette().dim()).done());
        out.add(AttributedString.EMPTY);
        out.add(look.line().text("Host screen", look.title()).done());
        for (String[] k : HOST_KEYS) {
            out.add(look.line().gap(2).left(k[0], 10, look.palette().filter()).text(k[1]).done());
        }
        out.add(AttributedString.EMPTY);
        out.add(look.line().text("Fleet browser", look.title()).done());
        for (String[] k : BROWSER_KEYS) {
            out.add(look.line().gap(2).left(k[0], 10, look.palette().filter()).text(k[1]).done());
        }
        out.add(AttributedString.EMPTY);
        out.add(look.line().text("Press any key to go back", look.palette().dim()).done());
        List<AttributedString> fitted = new ArrayList<>();
        for (int i = 0; i < height; i++) {
            fitted.add(Block.fit(i < out.size() ? out.get(i) : AttributedString.EMPTY, width));
        }
        return fitted;
    }
}
