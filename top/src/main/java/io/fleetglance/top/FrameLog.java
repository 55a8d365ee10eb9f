package io.fleetglance.top;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmark's view of the loop ({@code --frame-log FILE}): one line per frame drawn, with the wall clock (ms) at
 * its end, how long it took to lay out and send (µs), and whether it showed the hub's data yet (1) or was still
 * waiting (0). Off unless asked for.
 */
final class FrameLog implements AutoCloseable {

    static final FrameLog OFF = new FrameLog(null);

    private final PrintWriter out;

    private FrameLog(PrintWriter out) {
        this.out = out;
    }

    static FrameLog to(Path file) throws IOException {
        return file == null ? OFF : new FrameLog(new PrintWriter(Files.newBufferedWriter(file,
                StandardCharsets.UTF_8), true));
    }

    void frame(long startNanos, long endNanos, boolean withData) {
        if (out != null) {
            out.printf("%d %d %d%n", System.currentTimeMillis(), (endNanos - startNanos) / 1000, withData ? 1 : 0);
        }
    }

    @Override
    public void close() {
        if (out != null) {
            out.close();
        }
    }
}
