package io.fleetglance.agent.grpc;

import static io.fleetglance.agent.grpc.Http2.*;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The sending half of an {@link Http2Connection}: its own thread writes control frames first (SETTINGS ACK, PING,
 * WINDOW_UPDATE, RST_STREAM, GOAWAY), then the stream's DATA as the server's flow-control windows and frame size
 * allow. It is the only one to know those windows, so every change to them (WINDOW_UPDATE, SETTINGS) goes through it.
 */
final class Http2Writer {

    private static final int QUEUE_LIMIT = 256 * 1024;  // sendData() waits while this many bytes wait to be written

    private final OutputStream out;
    private final int stream;
    private final Consumer<IOException> onFailure;
    private final Thread thread;

    private final Object lock = new Object();
    // guarded by lock
    private final ArrayDeque<byte[]> control = new ArrayDeque<>();
    private final ArrayDeque<byte[]> data = new ArrayDeque<>();
    private int dataOffset;
    private long queuedBytes;
    private boolean endStream;
    private boolean endStreamSent;
    private long connectionWindow = DEFAULT_WINDOW;
    private long streamWindow = DEFAULT_WINDOW;
    private int peerInitialWindow = DEFAULT_WINDOW;
    private int peerMaxFrame = DEFAULT_MAX_FRAME;
    private GrpcStatus ended;

    /** @param onFailure told once when a write fails (the connection is then closed by its owner) */
    Http2Writer(OutputStream out, int stream, Consumer<IOException> onFailure) {
        this.out = out;
        this.stream = stream;
        this.onFailure = onFailure;
        this.thread = new Thread(this::writeLoop, "fleetglance-grpc-writer");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Queues {@code bytes} as the stream's DATA, waiting while a quarter MiB already waits; fails once ended. */
    void sendData(byte[] bytes) throws IOException {
        synchronized (lock) {
            while (ended == null && queuedBytes >= QUEUE_LIMIT) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while sending");
                }
            }
            if (ended != null) {
                throw new IOException("the call has ended: " + ended);
            }
            if (endStream) {
                throw new IllegalStateException("send after the end of the stream");
            }
            data.add(bytes);
            queuedBytes += bytes.length;
            lock.notifyAll();
        }
    }

    /** Ends the stream (END_STREAM) once the queued DATA is written. */
    void endStream() {
        synchronized (lock) {
            endStream = true;
            lock.notifyAll();
        }
    }

    void queueControl(byte[] frame) {
        synchronized (lock) {
            control.add(frame);
            lock.notifyAll();
        }
    }

    /**
     * Marks the connection ended with {@code status}, after {@code last} (if any) is written; waits up to half a
     * second for that unless called on the writer's own thread. False when it had already ended.
     */
    boolean end(byte[] last, GrpcStatus status) {
        synchronized (lock) {
            if (ended != null) {
                return false;
            }
            if (last != null) {
                control.add(last);
            }
            ended = status;
            lock.notifyAll();
        }
        if (last != null && Thread.currentThread() != thread) {
            try {
                thread.join(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return true;
    }

    /** How the connection ended; null while it lasts. */
    GrpcStatus ended() {
        synchronized (lock) {
            return ended;
        }
    }

    /**
     * Adds a WINDOW_UPDATE's increment to the connection's window (stream 0) or the stream's.
     *
     * @return false when the stream's window went past 2^31-1 (a stream error for the caller to answer)
     * @throws ProtocolError when the connection's window did (a connection error)
     */
    boolean windowUpdate(int streamId, int increment) throws ProtocolError {
        synchronized (lock) {
            lock.notifyAll();
            if (streamId == 0) {
                connectionWindow += increment;
                if (connectionWindow > MAX_WINDOW) {
                    throw new ProtocolError(ERROR_FLOW_CONTROL, "connection flow-control window over 2^31-1");
                }
            } else if (streamId == stream) {
                streamWindow += increment;
                return streamWindow <= MAX_WINDOW;
            }
            return true;
        }
    }

    /**
     * Applies the server's SETTINGS that bear on sending, then queues their ACK, at once: DATA written before the ACK
     * was sized by the old settings, DATA after it by the new.
     *
     * @param initialWindow the new SETTINGS_INITIAL_WINDOW_SIZE, or -1 when not given (unsigned: over 2^31-1 is
     *                      negative here, and refused)
     * @param maxFrame      the new SETTINGS_MAX_FRAME_SIZE, or 0 when not given
     */
    void applySettings(long initialWindow, int maxFrame, byte[] ack) throws ProtocolError {
        synchronized (lock) {
            if (initialWindow > MAX_WINDOW) {
                throw new ProtocolError(ERROR_FLOW_CONTROL, "initial window size " + initialWindow + " over 2^31-1");
            }
            if (initialWindow >= 0) {
                streamWindow += initialWindow - peerInitialWindow;
                peerInitialWindow = (int) initialWindow;
                if (streamWindow > MAX_WINDOW) {
                    throw new ProtocolError(ERROR_FLOW_CONTROL, "a new initial window size takes the stream's "
                            + "flow-control window over 2^31-1");
                }
            }
            if (maxFrame > 0) {
                peerMaxFrame = maxFrame;
            }
            control.add(ack);
            lock.notifyAll();
        }
    }

    private void writeLoop() {
        try {
            while (true) {
                byte[] frame;
                synchronized (lock) {
                    frame = nextFrame();
                }
                if (frame == null) {
                    return;
                }
                out.write(frame);
            }
        } catch (InterruptedException e) {
            onFailure.accept(new InterruptedIOException("interrupted"));
        } catch (IOException e) {
            onFailure.accept(e);
        }
    }

    /** The next frame to write, waiting for one; null once ended and the control frames are out. */
    private byte[] nextFrame() throws InterruptedException {
        while (true) {
            if (!control.isEmpty()) {
                return control.poll();
            }
            if (ended != null) {
                return null;
            }
            if (!data.isEmpty()) {
                byte[] d = data.peek();
                int n = (int) Math.min(Math.min(d.length - dataOffset, peerMaxFrame),
                        Math.min(connectionWindow, streamWindow));
                if (n > 0) {
                    byte[] frame = frame(DATA, 0, stream, d, dataOffset, n);
                    dataOffset += n;
                    connectionWindow -= n;
                    streamWindow -= n;
                    queuedBytes -= n;
                    if (dataOffset == d.length) {
                        data.poll();
                        dataOffset = 0;
                    }
                    lock.notifyAll();
                    return frame;
                }
            } else if (endStream && !endStreamSent) {
                endStreamSent = true;
                return frame(DATA, FLAG_END_STREAM, stream, EMPTY, 0, 0);
            }
            lock.wait();
        }
    }
}
