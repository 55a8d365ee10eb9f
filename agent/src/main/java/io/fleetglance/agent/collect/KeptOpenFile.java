package io.fleetglance.agent.collect;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * A kernel file that a collector reads at every sample ({@code /proc/stat}, {@code /proc/meminfo}...), read again
 * from its start through one descriptor kept open: the kernel writes such a file anew at each read from offset 0, and
 * reading it again costs a seek and a read where {@link ProcText#read} opens and closes it through the JDK's channels
 * (about twice the CPU once compiled, three times while the sampler's code is still interpreted). Opened at the
 * first read; a read that fails closes it, and the next read opens it again. A file that cannot be opened (absent:
 * {@code /proc/net/wireless} on a host without Wi-Fi, or from a container's root) is tried again every
 * {@link #OPEN_RETRY_READS}th read only, the reads between answering empty: a failed open is an exception with its
 * stack, a tenth of a millisecond at every sample for a file that is almost never there.
 *
 * <p>The descriptor is kept only for a file of the kernel's own file systems ({@code proc}, {@code sysfs}, told by
 * the file's mount at its first open, or by the caller who asked it once for a directory of many such files), whose
 * path stays the same file for the agent's life (an interface's files are the exception: see
 * {@link LinkState.Sysfs}). Any other file (a copy of a machine's {@code /proc} under a test's or a tool's root, which
 * may be replaced by renaming another file over it) is read by its path at every read, as {@link ProcText#read} reads
 * it.
 */
final class KeptOpenFile {

    /** Reads of a file that could not be opened before it is tried again. */
    static final int OPEN_RETRY_READS = 8;

    private final Path path;
    private int readsBeforeRetry;
    /** Whether the file is on a kernel file system; null until its first open. */
    private Boolean kernelFile;
    private RandomAccessFile file;
    private byte[] buffer;

    KeptOpenFile(Path path) {
        this(path, 4096);
    }

    /** A file read with a buffer of {@code bufferBytes} at first, grown as the file needs. */
    KeptOpenFile(Path path, int bufferBytes) {
        this.path = path;
        this.buffer = new byte[bufferBytes];
    }

    /**
     * A file whose file system is known ({@link #onKernelFileSystem} of its directory, asked once for many files):
     * asking it again for each file reads the mount table, a third of a millisecond.
     */
    KeptOpenFile(Path path, int bufferBytes, boolean kernelFile) {
        this(path, bufferBytes);
        this.kernelFile = kernelFile;
    }

    Path path() {
        return path;
    }

    /** The file's text, or empty when it cannot be read. */
    synchronized Optional<String> read() {
        if (kernelFile == Boolean.FALSE) {
            return ProcText.read(path);
        }
        try {
            if (file == null) {
                if (readsBeforeRetry > 0) {
                    readsBeforeRetry--;
                    return Optional.empty();
                }
                file = open();
                if (file == null) {
                    readsBeforeRetry = OPEN_RETRY_READS - 1;
                    return Optional.empty();
                }
                if (kernelFile == null) {
                    kernelFile = onKernelFileSystem(path);
                    if (!kernelFile) {
                        close();
                        return ProcText.read(path);
                    }
                }
            }
            file.seek(0);
            // Reads until end of file, from offset 0 in one large read first: sysctl files answer EOF to any read
            // that does not start at offset 0 (see ProcText#read).
            int length = 0;
            int read;
            while ((read = file.read(buffer, length, buffer.length - length)) > 0) {
                length += read;
                if (length == buffer.length) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
            }
            return Optional.of(new String(buffer, 0, length, StandardCharsets.UTF_8));
        } catch (IOException e) {
            close();
            return Optional.empty();
        }
    }

    /** Whether {@code path} is on {@code proc} or {@code sysfs}, whose files stay the same for the agent's life. */
    static boolean onKernelFileSystem(Path path) {
        try {
            String type = Files.getFileStore(path).type();
            return type.equals("proc") || type.equals("sysfs");
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return false;
        }
    }

    private RandomAccessFile open() {
        try {
            return new RandomAccessFile(path.toFile(), "r");
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** The first line of the file, trimmed, or empty when it cannot be read or is blank (as ProcText#firstLine). */
    Optional<String> firstLine() {
        return read().map(ProcText::firstLineOf).filter(line -> !line.isEmpty());
    }

    /** Closes the descriptor, if open; a later read opens it again. */
    synchronized void close() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                // Nothing was written through it; closing a read-only descriptor loses nothing.
            }
            file = null;
        }
    }
}
