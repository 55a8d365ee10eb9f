package io.fleetglance.top;

import java.util.ArrayList;
import java.util.List;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

/** The keys, as Glances' {@code h} screen lists them. */
final class HelpScreen {

    static final String[][] HOST_KEYS = {
        {"a", "Sort automatically (alerts)"},
        {"c", "Sort by CPU%"},
        {"m", "Sort by MEM%"},
        {"i", "Sort by I/O rate"},
        {"p", "Sort by process name"},
        {"t", "Sort by CPU time"},
        {"u", "Sort by user"},
        {"/", "Filter processes (regex)"},
        {"E", "Reset the process filter"},
        {"Up/Down", "Select a process (PgUp/PgDn)"},
        {"e", "Extended stats of selection"},
        {"1", "Global CPU or per-CPU"},
        {"d", "Show/hide disk I/O"},
        {"n", "Show/hide network"},
        {"f", "Show/hide file systems"},
        {"s", "Show/hide sensors"},
        {"w", "Clear finished warnings"},
        {"x", "Clear all finished events"},
        {"b", "Fleet browser"},
        {"h", "Show/hide this help"},
        {"Esc", "Back to browser, or quit"},
        {"q", "Quit"},
    };

    static final String[][] BROWSER_KEYS = {
        {"Up/Down", "Select a host"},
        {"Enter", "Open the selected host"},
        {"/", "Filter hosts by name"},
        {"n s", "Sort by name, by status"},
        {"c m l", "Sort by cpu, mem, load"},
        {"q Esc", "Quit"},
    };

    private final Look look;

    HelpScreen(Look look) {
        this.look = look;
    }

    /** The keys in two columns when the terminal is wide enough (so that all of them fit in 80x24), else one. */
    private List<AttributedString> keys(String[][] keys, int width) {
        int columns = width >= 80 ? 2 : 1;
        int perColumn = (keys.length + columns - 1) / columns;
        int cell = width / columns;
        List<AttributedString> out = new ArrayList<>();
        for (int row = 0; row < perColumn; row++) {
            Line l = look.line();
            for (int c = 0; c < columns; c++) {
                int i = c * perColumn + row;
                if (i < keys.length) {
                    l.gap(c * cell - l.length()).gap(2).left(keys[i][0], 8, look.palette().filter())
                            .left(keys[i][1], cell - 10, AttributedStyle.DEFAULT);
                }
            }
            out.add(l.done());
        }
        return out;
    }

    List<AttributedString> render(String version, int width, int height) {
        List<AttributedString> out = new ArrayList<>();
        out.add(look.line().text("fleetglance top " + version, look.title())
                .text(" - Glances' keys, over the hub's REST API", look.palette().dim()).done());
        out.add(AttributedString.EMPTY);
        out.add(look.line().text("Host screen", look.title()).done());
        out.addAll(keys(HOST_KEYS, width));
        out.add(AttributedString.EMPTY);
        out.add(look.line().text("Fleet browser", look.title()).done());
        out.addAll(keys(BROWSER_KEYS, width));
        out.add(AttributedString.EMPTY);
        out.add(look.line().text("Press any key to go back", look.palette().dim()).done());
        List<AttributedString> fitted = new ArrayList<>(height);
        for (int i = 0; i < height; i++) {
            fitted.add(Block.fit(i < out.size() ? out.get(i) : AttributedString.EMPTY, width));
        }
        return fitted;
    }
}
