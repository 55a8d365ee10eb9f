package io.fleetglance.agent.collect;

import io.fleetglance.proto.Amp;
import io.fleetglance.proto.AmpsReading;
import io.fleetglance.proto.Sample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The amps plugin: for each {@code [amp_<name>]} section, how many processes match its {@code regex} (searched in
 * the process name, then in the command line joined by spaces, as Glances does) and their pids, with Glances' AMP
 * timer: an enabled AMP refreshes when {@code refresh} seconds have passed since its last refresh and it has matching
 * processes (or no regex at all).
 *
 * <p>The agent is read-only: it <b>never runs an AMP's {@code command}</b> (nor the {@code systemctl},
 * {@code service} or nginx status calls of Glances' built-in AMPs). It only counts; the hub reports the result
 * Glances' default AMP gives when no command is configured (CPU and memory of the matching processes), and no result
 * for the others.
 */
public final class AmpsCollector implements Collector {

    /** Glances' AMP modules; any other section name uses the default AMP. */
    private static final Map<String, String> MODULE_NAMES = Map.of(
            "nginx", "Nginx", "systemd", "Systemd", "systemv", "SystemV");

    /** One AMP's settings and its refresh timer (Glances' Timer: a duration and a start). */
    private static final class AmpState {
        final Amp.Builder facts;
        final Pattern regex;
        final boolean enabled;
        long timerStartNs;
        double timerDurationS;

        AmpState(Amp.Builder facts, Pattern regex, boolean enabled, long nowNs) {
            this.facts = facts;
            this.regex = regex;
            this.enabled = enabled;
            this.timerStartNs = nowNs;
        }
    }

    /** A process as the regex sees it. */
    private record ProcessName(int pid, String name, String cmdline) {
    }

    private final HostRoot root;
    private final LongSupplier nanoTime;
    private List<AmpState> amps = List.of();

    /** Counts processes of {@code /proc} under {@code root}. */
    public AmpsCollector(HostRoot root) {
        this(root, System::nanoTime);
    }

    AmpsCollector(HostRoot root, LongSupplier nanoTime) {
        this.root = root;
        this.nanoTime = nanoTime;
    }

    @Override
    public List<String> plugins() {
        return List.of("amps");
    }

    @Override
    public boolean keepsOwnTimers() {
        return true;
    }

    @Override
    public void configure(Map<String, Map<String, String>> sections) {
        long now = nanoTime.getAsLong();
        boolean pluginDisabled = GlancesSection.of(sections, "amps").isTrue("disable");
        List<AmpState> configured = new ArrayList<>();
        if (!pluginDisabled) {
            GlancesSection.withPrefix(sections, "amp_").forEach((section, values) ->
                    configured.add(amp(section.substring("amp_".length()), values, now)));
        }
        synchronized (this) {
            amps = List.copyOf(configured);
        }
    }

    private static AmpState amp(String ampName, GlancesSection section, long now) {
        String module = MODULE_NAMES.get(ampName);
        OptionalDouble refresh = section.number("refresh");
        // Glances turns an AMP without refresh off.
        boolean enabled = section.get("enable").map(v -> v.toLowerCase(Locale.ROOT).startsWith("true")).orElse(false)
                && refresh.isPresent();
        String regexText = section.get("regex").orElse(null);
        Pattern regex = null;
        if (regexText != null) {
            try {
                regex = Pattern.compile(regexText);
            } catch (PatternSyntaxException e) {
                // Matches nothing, as a regex that cannot be searched counts nothing.
                regex = Pattern.compile("(?!)");
            }
        }
        Amp.Builder facts = Amp.newBuilder()
                .setName(module != null ? module : capitalize(ampName))
                .setEnabled(enabled)
                .setRefresh(refresh.orElse(0))
                .setRegex(regexText != null)
                .setCountingOnly(module == null && section.get("command").isEmpty());
        section.number("countmin").ifPresent(facts::setCountmin);
        section.number("countmax").ifPresent(facts::setCountmax);
        return new AmpState(facts, regex, enabled, now);
    }

    /** Python's str.capitalize: the first character upper case, the rest lower case. */
    static String capitalize(String name) {
        if (name.isEmpty()) {
            return name;
        }
        return name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1).toLowerCase(Locale.ROOT);
    }

    @Override
    public synchronized void collect(Sample.Builder sample) {
        long now = nanoTime.getAsLong();
        List<ProcessName> processes = null;
        AmpsReading.Builder reading = AmpsReading.newBuilder();
        for (AmpState amp : amps) {
            Amp.Builder out = amp.facts.clone().clearPids();
            boolean refreshed = false;
            if (amp.enabled) {
                List<Integer> pids = List.of();
                if (amp.regex != null) {
                    if (processes == null) {
                        processes = processes();
                    }
                    pids = matching(amp.regex, processes);
                }
                out.setCount(pids.size()).addAllPids(pids);
                if (amp.regex == null || !pids.isEmpty()) {
                    refreshed = shouldUpdate(amp, now);
                }
            }
            out.setTimer(refreshed ? 0.0 : (now - amp.timerStartNs) / 1e9);
            reading.addAmps(out);
        }
        sample.setAmps(reading);
    }

    /** Glances' should_update: when the timer has run out, it restarts with the AMP's refresh as duration. */
    private static boolean shouldUpdate(AmpState amp, long now) {
        long target = amp.timerStartNs + Math.round(amp.timerDurationS * 1e9);
        if (now - target > 0 || amp.timerDurationS == 0) {
            amp.timerDurationS = amp.facts.getRefresh();
            amp.timerStartNs = now;
            return true;
        }
        return false;
    }

    private static List<Integer> matching(Pattern regex, List<ProcessName> processes) {
        List<Integer> pids = new ArrayList<>();
        for (ProcessName process : processes) {
            if (regex.matcher(process.name()).find()
                    || (!process.cmdline().isEmpty() && regex.matcher(process.cmdline()).find())) {
                pids.add(process.pid());
            }
        }
        return pids;
    }

    /** Name and command line of every process, in pid order; only what the regexes need. */
    private List<ProcessName> processes() {
        Path proc = root.resolve("/proc");
        List<Integer> pids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.isEmpty() && name.length() < 11 && name.chars().allMatch(Character::isDigit)) {
                    pids.add(Integer.parseInt(name));
                }
            }
        } catch (IOException | SecurityException | NumberFormatException e) {
            return List.of();
        }
        pids.sort(null);
        List<ProcessName> processes = new ArrayList<>(pids.size());
        for (int pid : pids) {
            Path dir = proc.resolve(Integer.toString(pid));
            String stat = ProcText.read(dir.resolve("stat")).orElse(null);
            if (stat == null) {
                continue;
            }
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            if (open < 0 || close < open) {
                continue;
            }
            String name = stat.substring(open + 1, close);
            List<String> argv = cmdline(dir.resolve("cmdline"));
            // psutil completes a name the kernel cut at 15 characters from the command line.
            if (name.length() >= 15 && !argv.isEmpty()) {
                String first = argv.get(0);
                String base = first.substring(first.lastIndexOf('/') + 1);
                if (base.startsWith(name)) {
                    name = base;
                }
            }
            processes.add(new ProcessName(pid, name, String.join(" ", argv)));
        }
        return processes;
    }

    private static List<String> cmdline(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException | SecurityException e) {
            return List.of();
        }
        return CommandLine.split(bytes, bytes.length);
    }
}
