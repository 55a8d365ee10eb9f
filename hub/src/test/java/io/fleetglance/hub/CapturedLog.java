package io.fleetglance.hub;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Everything the hub logs while it is open: SLF4J's lines (written to standard error) and every record of
 * java.util.logging, where gRPC and Netty log. Both still reach the console.
 */
public final class CapturedLog implements AutoCloseable {

    private final PrintStream originalErr = System.err;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<LogRecord> jul = new CopyOnWriteArrayList<>();
    private final Logger root = Logger.getLogger("");
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            jul.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    public CapturedLog() {
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (err) {
                    err.write(b);
                }
                originalErr.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (err) {
                    err.write(b, off, len);
                }
                originalErr.write(b, off, len);
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
    }

    /** The lines written to standard error so far. */
    public List<String> lines() {
        synchronized (err) {
            return new ArrayList<>(Arrays.asList(err.toString(StandardCharsets.UTF_8).split("\n", -1)));
        }
    }

    /** The lines that contain {@code text}. */
    public List<String> linesWith(String text) {
        return lines().stream().filter(l -> l.contains(text)).toList();
    }

    /** java.util.logging records at INFO or above (what a console would show). */
    public List<LogRecord> visibleJulRecords() {
        return jul.stream().filter(r -> r.getLevel().intValue() >= Level.INFO.intValue()).toList();
    }

    @Override
    public void close() {
        root.removeHandler(handler);
        System.setErr(originalErr);
    }
}
