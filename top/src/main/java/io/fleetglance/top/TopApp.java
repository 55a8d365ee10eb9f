package io.fleetglance.top;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;

/**
 * The full-screen loop: draws the screen in the alternate buffer through JLine's {@link Display} (which sends only
 * what changed), reads keys, and always gives the terminal back as it found it, on {@code q}, Ctrl-C, a signal or
 * an error.
 */
final class TopApp {

    private static final DateTimeFormatter SINCE = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private enum Mode { BROWSER, HOST, HELP }

    private final Terminal terminal;
    private final Poller poller;
    private final Look look;
    private final String hubLabel;
    private final Clock clock;
    private final FrameLog frameLog;
    private final Controls controls;
    private volatile boolean dirty = true;
    private volatile boolean resized = true;
    private volatile boolean quit;
    private Mode mode;
    private Mode beforeHelp;
    private Display display;
    private Attributes original;
    private boolean restored;

    TopApp(Terminal terminal, Poller poller, Look look, String hubLabel, HostTarget host, Clock clock,
            FrameLog frameLog) {
        this.terminal = terminal;
        this.poller = poller;
        this.look = look;
        this.hubLabel = hubLabel;
        this.clock = clock;
        this.frameLog = frameLog;
        this.controls = new Controls(poller, host);
        this.mode = host == null ? Mode.BROWSER : Mode.HOST;
    }

    /** Called by the poller after each round: redraw at the next turn of the loop. */
    void changed() {
        dirty = true;
    }

    int run() throws IOException {
        original = terminal.enterRawMode();
        Thread restoreOnExit = new Thread(this::restore, "fleetglance-top-restore");
        Runtime.getRuntime().addShutdownHook(restoreOnExit);
        terminal.handle(Terminal.Signal.WINCH, s -> {
            resized = true;
            dirty = true;
        });
        terminal.handle(Terminal.Signal.INT, s -> quit = true);
        try {
            terminal.puts(Capability.enter_ca_mode);
            terminal.puts(Capability.keypad_xmit);
            terminal.puts(Capability.cursor_invisible);
            terminal.flush();
            display = new Display(terminal, true);
            KeyReader keys = new KeyReader(terminal);
            poller.show(controls.host());
            poller.start();
            while (!quit) {
                if (dirty) {
                    draw();
                }
                KeyReader.Key key = keys.read(100);
                if (key != null) {
                    handle(key);
                    dirty = true;
                }
            }
            return 0;
        } finally {
            poller.close();
            restore();
            try {
                Runtime.getRuntime().removeShutdownHook(restoreOnExit);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs restore(), which is idempotent
            }
        }
    }

    private synchronized void restore() {
        if (restored) {
            return;
        }
        restored = true;
        terminal.puts(Capability.cursor_visible);
        terminal.puts(Capability.keypad_local);
        terminal.puts(Capability.exit_ca_mode);
        terminal.flush();
        if (original != null) {
            terminal.setAttributes(original);
        }
    }

    private void draw() {
        long start = System.nanoTime();
        dirty = false;
        Size size = terminal.getSize();
        int width = Math.max(20, size.getColumns());
        int height = Math.max(5, size.getRows());
        if (resized) {
            resized = false;
            display.clear();
            display.resize(height, width);
        }
        Feed feed = poller.feed();
        List<AttributedString> lines = lines(feed, width, height);
        display.update(lines, size.cursorPos(height - 1, 0));
        terminal.flush();
        frameLog.frame(start, System.nanoTime(), mode == Mode.HOST ? feed.stats() != null : feed.servers() != null);
    }

    private List<AttributedString> lines(Feed feed, int width, int height) {
        String banner = banner(feed);
        return switch (mode) {
            case HELP -> new HelpScreen(look).render(TopMain.VERSION, width, height);
            case BROWSER -> new BrowserScreen(look).render(hubLabel, feed.servers(), banner, controls.browser(),
                    controls.editingFilter(), clock.instant(), width, height);
            case HOST -> withPrompt(new HostScreen(look, ZoneId.systemDefault()).render(controls.host().name(),
                    feed.host() != null && feed.host().equals(controls.host()) ? feed.stats() : null,
                    feed.hostStatus(), banner, controls.hostState(), width, height), width);
        };
    }

    /** The filter being typed, on the last line, as Glances asks for it. */
    private List<AttributedString> withPrompt(List<AttributedString> lines, int width) {
        if (!controls.editingFilter()) {
            return lines;
        }
        lines.set(lines.size() - 1, Block.fit(look.line().text("Process filter (Enter to apply, Esc to cancel): ",
                look.title()).text(controls.filterBuffer() + "_", look.palette().filter()).done(), width));
        return lines;
    }

    private String banner(Feed feed) {
        if (feed.problem() == null) {
            return null;
        }
        String since = SINCE.format(feed.problemSince().atZone(ZoneId.systemDefault()));
        return "NOT ANSWERING since " + since + ": " + feed.problem() + " - retrying every "
                + trim(Math.min(poller.period(), 2)) + " s";
    }

    private static String trim(double seconds) {
        return seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
    }

    private void handle(KeyReader.Key key) {
        if (key.named() == KeyReader.Named.INTERRUPT) {
            quit = true;
            return;
        }
        if (mode == Mode.HELP) {
            mode = beforeHelp;
            return;
        }
        if (controls.editingFilter()) {
            controls.editFilter(key);
            return;
        }
        if (key.is('q')) {
            quit = true;
        } else if (key.is('h')) {
            beforeHelp = mode;
            mode = Mode.HELP;
        } else if (mode == Mode.BROWSER) {
            browserKey(key);
        } else {
            hostKey(key);
        }
    }

    private void browserKey(KeyReader.Key key) {
        if (key.named() == KeyReader.Named.ESCAPE) {
            quit = true;
        } else if (key.named() == KeyReader.Named.ENTER) {
            JsonNode selected = controls.selectedServer(poller.feed().servers());
            if (selected != null) {
                controls.open(HostTarget.of(selected), true);
                mode = Mode.HOST;
            }
        } else {
            controls.browserKey(key, poller.feed().servers());
        }
    }

    private void hostKey(KeyReader.Key key) {
        if (key.is('b') || (key.named() == KeyReader.Named.ESCAPE && controls.openedFromBrowser())) {
            controls.open(null, false);
            mode = Mode.BROWSER;
        } else if (key.named() == KeyReader.Named.ESCAPE) {
            quit = true;
        } else {
            controls.hostKey(key, poller.feed().stats());
        }
    }
}
