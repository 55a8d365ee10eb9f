package io.fleetglance.top;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What the keys change: the host shown, the host screen's sort, filter, selection and toggles, the browser's sort,
 * filter and cursor. POSTs (events clearing, extended stats) go through the poller.
 */
final class Controls {

    private final Poller poller;
    private HostTarget host;
    private boolean openedFromBrowser;
    private HostScreen.State hostState = HostScreen.State.initial();
    private BrowserScreen.State browser = BrowserScreen.State.initial();
    private StringBuilder filterBuffer;

    Controls(Poller poller, HostTarget host) {
        this.poller = poller;
        this.host = host;
    }

    HostTarget host() {
        return host;
    }

    HostScreen.State hostState() {
        return hostState;
    }

    BrowserScreen.State browser() {
        return browser;
    }

    boolean openedFromBrowser() {
        return openedFromBrowser;
    }

    boolean editingFilter() {
        return filterBuffer != null;
    }

    String filterBuffer() {
        return filterBuffer == null ? "" : filterBuffer.toString();
    }

    /** Shows a host (null: back to the browser), with a fresh screen state. */
    void open(HostTarget target, boolean fromBrowser) {
        if (host != null && hostState.extendedPid() >= 0) {
            poller.post(host, "processes/extended/disable");
        }
        host = target;
        openedFromBrowser = fromBrowser || openedFromBrowser;
        hostState = HostScreen.State.initial();
        poller.extended(false);
        poller.show(target);
    }

    JsonNode selectedServer(JsonNode servers) {
        List<JsonNode> shown = BrowserScreen.visible(servers, browser);
        for (JsonNode s : shown) {
            if (BrowserScreen.keyOf(s).equals(browser.selectedKey())) {
                return s;
            }
        }
        return shown.isEmpty() ? null : shown.get(0);
    }

    void browserKey(KeyReader.Key key, JsonNode servers) {
        List<JsonNode> shown = BrowserScreen.visible(servers, browser);
        int at = -1;
        for (int i = 0; i < shown.size(); i++) {
            if (BrowserScreen.keyOf(shown.get(i)).equals(browser.selectedKey())) {
                at = i;
            }
        }
        int next = move(key, at, shown.size());
        if (next != at && next >= 0) {
            browser = browser.withSelected(BrowserScreen.keyOf(shown.get(next)));
            return;
        }
        if (key.named() != KeyReader.Named.CHAR) {
            return;
        }
        switch (key.ch()) {
            case '/' -> filterBuffer = new StringBuilder(browser.filter());
            case 'n' -> browser = browser.sortedBy("name");
            case 's' -> browser = browser.sortedBy("status");
            case 'c' -> browser = browser.sortedBy("cpu_total");
            case 'm' -> browser = browser.sortedBy("mem_percent");
            case 'l' -> browser = browser.sortedBy("load_min5");
            default -> {
            }
        }
    }

    void hostKey(KeyReader.Key key, HostStats stats) {
        List<JsonNode> procs = stats == null ? List.of()
                : ProcessPanel.visible(stats, hostState.sort(), hostState.filter());
        int at = ProcessPanel.indexOf(procs, hostState.selectedPid());
        int next = move(key, at, procs.size());
        if (next != at && next >= 0) {
            hostState = hostState.withSelected(procs.get(next).path("pid").asLong());
            return;
        }
        if (key.named() != KeyReader.Named.CHAR) {
            return;
        }
        char c = (char) key.ch();
        ProcessSort sort = ProcessSort.ofKey(c);
        if (sort != null) {
            hostState = hostState.withSort(sort);
            return;
        }
        switch (c) {
            case '/' -> filterBuffer = new StringBuilder(hostState.filter().text());
            case 'E' -> hostState = hostState.withFilter(ProcessFilter.NONE);
            case '1' -> hostState = hostState.withPerCpu(!hostState.perCpu());
            case 'd', 'n', 's', 'f' -> hostState = hostState.withToggles(hostState.toggles().flip(c));
            case 'w' -> poller.post(host, "events/clear/warning");
            case 'x' -> poller.post(host, "events/clear/all");
            case 'e' -> toggleExtended(procs, at);
            default -> {
            }
        }
    }

    /** Glances' {@code e}: extended stats of the selected (else the first) process; again to stop them. */
    private void toggleExtended(List<JsonNode> procs, int at) {
        if (hostState.extendedPid() >= 0) {
            hostState = hostState.withExtended(-1);
            poller.extended(false);
            poller.post(host, "processes/extended/disable");
            return;
        }
        if (procs.isEmpty()) {
            return;
        }
        long pid = procs.get(Math.max(0, at)).path("pid").asLong();
        hostState = hostState.withSelected(pid).withExtended(pid);
        poller.extended(true);
        poller.post(host, "processes/extended/" + pid);
    }

    /** Typing the process (or host) filter: Enter applies, Esc cancels, Backspace erases. */
    void editFilter(KeyReader.Key key) {
        switch (key.named()) {
            case ENTER -> {
                String text = filterBuffer.toString();
                filterBuffer = null;
                if (host != null) {
                    hostState = hostState.withFilter(ProcessFilter.of(text));
                } else {
                    browser = browser.withFilter(text);
                }
            }
            case ESCAPE -> filterBuffer = null;
            case BACKSPACE -> {
                if (filterBuffer.length() > 0) {
                    filterBuffer.setLength(filterBuffer.length() - 1);
                }
            }
            case CHAR -> {
                if (key.ch() >= 32) {
                    filterBuffer.append((char) key.ch());
                }
            }
            default -> {
            }
        }
        if (host == null && filterBuffer != null) {
            browser = browser.withFilter(filterBuffer.toString());
        }
    }

    /** The new cursor index after a movement key, or {@code at} for any other key. */
    private static int move(KeyReader.Key key, int at, int size) {
        if (size == 0) {
            return at;
        }
        return switch (key.named()) {
            case DOWN -> Math.min(size - 1, at + 1);
            case UP -> Math.max(0, at - 1);
            case PAGE_DOWN -> Math.min(size - 1, Math.max(0, at) + 10);
            case PAGE_UP -> Math.max(0, at - 10);
            case HOME -> 0;
            case END -> size - 1;
            default -> at;
        };
    }
}
