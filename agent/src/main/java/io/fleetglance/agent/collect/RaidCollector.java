package io.fleetglance.agent.collect;

import io.fleetglance.proto.RaidArray;
import io.fleetglance.proto.RaidReading;
import io.fleetglance.proto.Sample;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the software RAID arrays of {@code /proc/mdstat} for the raid plugin, with the fields pymdstat gives Glances:
 * status, type (a personality, "raid1"...), components (device to role number), and from the status line the
 * configured and working member counts ({@code [2/1]}) and the member map ({@code [U_]}, sent with its brackets).
 * Without md support (no such file) the reading is empty.
 *
 * <p>Where pymdstat's regular expressions misread a line, this reads the kernel's format instead: every flagged
 * member ({@code sdb1[1](F)}, {@code (S)} spares) is kept, device names with a dash ({@code dm-0}) stay whole, and the
 * {@code (auto-read-only)} mark is not taken for the type.
 */
public final class RaidCollector implements Collector {

    private static final Pattern MEMBER = Pattern.compile("([^\\[\\s]+)\\[(\\d+)\\](?:\\([A-Z]\\))*");
    private static final Pattern COUNTS = Pattern.compile("\\[(\\d{1,9})/(\\d{1,9})\\]\\s+(\\[[U_]+\\])\\s*$");
    private static final Pattern PERSONALITY = Pattern.compile("\\[([^\\]]+)\\]");

    private final HostRoot root;

    /** A collector reading {@code /proc/mdstat} under {@code root}. */
    public RaidCollector(HostRoot root) {
        this.root = root;
    }

    @Override
    public List<String> plugins() {
        return List.of("raid");
    }

    @Override
    public void collect(Sample.Builder sample) {
        RaidReading.Builder reading = RaidReading.newBuilder();
        Optional<String> mdstat = ProcText.read(root.resolve("/proc/mdstat"));
        if (mdstat.isPresent()) {
            List<String> lines = ProcText.lines(mdstat.get());
            Set<String> personalities = new HashSet<>();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.startsWith("Personalities")) {
                    Matcher personality = PERSONALITY.matcher(line);
                    while (personality.find()) {
                        personalities.add(personality.group(1));
                    }
                } else if (line.startsWith("md")) {
                    RaidArray.Builder array = array(line, personalities);
                    if (array != null) {
                        // The line after the array's names its sizes and, for redundant levels, "[n/m] [UU_]".
                        if (i + 1 < lines.size()) {
                            counts(lines.get(i + 1), array);
                        }
                        reading.addArrays(array);
                    }
                }
            }
        }
        sample.setRaid(reading);
    }

    /** {@code md0 : active raid1 sdb1[1] sda1[0]}, or null when the line is not an array line. */
    private static RaidArray.Builder array(String line, Set<String> personalities) {
        int colon = line.indexOf(':');
        if (colon < 0) {
            return null;
        }
        List<String> words = ProcText.columns(line.substring(colon + 1));
        String name = line.substring(0, colon).trim();
        if (name.isEmpty() || words.isEmpty()) {
            return null;
        }
        RaidArray.Builder array = RaidArray.newBuilder().setName(name).setStatus(words.get(0));
        for (int w = 1; w < words.size(); w++) {
            String word = words.get(w);
            Matcher member = MEMBER.matcher(word);
            if (member.matches()) {
                array.putComponents(member.group(1), member.group(2));
            } else if (personalities.contains(word) && array.getType().isEmpty()) {
                array.setType(word);
            }
            // Anything else is a state mark such as "(auto-read-only)".
        }
        return array;
    }

    private static void counts(String line, RaidArray.Builder array) {
        Matcher counts = COUNTS.matcher(line);
        if (counts.find()) {
            array.setAvailable(Integer.parseUnsignedInt(counts.group(1)))
                    .setUsed(Integer.parseUnsignedInt(counts.group(2)))
                    .setConfig(counts.group(3));
        }
    }
}
