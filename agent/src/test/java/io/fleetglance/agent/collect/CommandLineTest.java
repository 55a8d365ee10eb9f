package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** psutil's {@code cmdline()} rule, case by case, on the bytes {@code /proc/<pid>/cmdline} holds. */
class CommandLineTest {

    private static List<String> split(String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return CommandLine.split(bytes, bytes.length);
    }

    @Test
    void splitsOnNulsAndDropsTheTrailingOne() {
        assertEquals(List.of("/usr/bin/python3", "-m", "glances", "-w"), split("/usr/bin/python3\0-m\0glances\0-w\0"));
    }

    @Test
    void keepsSpacesInsideNulSeparatedArguments() {
        assertEquals(List.of("sh", "-c", "sleep 5; echo done"), split("sh\0-c\0sleep 5; echo done\0"));
    }

    @Test
    void splitsARewrittenArgvOnSpacesWhenOneStringEndsWithANul() {
        // Chromium's children rewrite their argv as one space-separated string followed by a NUL.
        assertEquals(List.of("/usr/lib/chromium/chromium", "--type=renderer", "--lang=en-US", "--num-raster-threads=1"),
                split("/usr/lib/chromium/chromium --type=renderer --lang=en-US --num-raster-threads=1\0"));
    }

    @Test
    void splitsOnSpacesWhenNoTrailingNulIsLeft() {
        assertEquals(List.of("postgres:", "checkpointer", ""), split("postgres: checkpointer  "));
        // Without a trailing NUL the separator is the space, even where NULs remain inside.
        assertEquals(List.of("nginx:\0master", "process"), split("nginx:\0master process"));
    }

    @Test
    void emptyFileIsNoArgument() {
        assertEquals(List.of(), split(""));
        assertEquals(List.of(""), split("\0"));
    }
}
