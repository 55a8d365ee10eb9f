package io.fleetglance.top;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmark's view of the loop ({@code --frame-log FILE}): one line per frame drawn, with the wall clock at its
 * start, how long it took to lay out and send, and how many poller rounds preceded it. Off unless asked for.
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

    void frame(long startNanos, long endNanos, long rounds) {
        if (out != null) {
            out.printf("%d %d %d%n", System.currentTimeMillis(), (endNanos - startNanos) / 1000, rounds);
        }
    }

    @Override
    public void close() {
        if (out != null) {
            out.close();
        }
    }
}
