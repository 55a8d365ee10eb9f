package io.fleetglance.agent.collect;

import io.fleetglance.proto.Sample;
import io.fleetglance.proto.Vm;
import io.fleetglance.proto.VmsReading;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The vms plugin: virtual machines of Multipass ({@code multipass version} and {@code info --format json}) and of
 * libvirt ({@code virsh version}, {@code list --all}, {@code domstats} and {@code desc --title} per domain), when
 * those programs are installed. Each command is bounded by a timeout. Running (and, for libvirt, paused) machines
 * only, unless {@code [vms] all=True}. Off unless {@code [vms] disable=False}, as Glances ships it off.
 */
public final class VmsCollector implements Collector {

    static final Path VIRSH = Path.of("/usr/bin/virsh");
    static final Path MULTIPASS = Path.of("/snap/bin/multipass");
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private record Settings(boolean enabled, boolean all) {
    }

    private final Path virsh;
    private final Path multipass;
    private final Duration timeout;
    /** What does not change while the programs stay installed: versions and domain titles. */
    private final Map<String, String> cached = new ConcurrentHashMap<>();
    private volatile Settings settings = new Settings(false, false);

    /** Uses {@code /usr/bin/virsh} and {@code /snap/bin/multipass}, as Glances does. */
    public VmsCollector() {
        this(VIRSH, MULTIPASS, DEFAULT_TIMEOUT);
    }

    VmsCollector(Path virsh, Path multipass, Duration timeout) {
        this.virsh = virsh;
        this.multipass = multipass;
        this.timeout = timeout;
    }

    @Override
    public List<String> plugins() {
        return List.of("vms");
    }

    @Override
    public void configure(Map<String, Map<String, String>> sections) {
        GlancesSection section = GlancesSection.of(sections, "vms");
        settings = new Settings(section.isFalse("disable"), section.isTrue("all"));
    }

    @Override
    public void collect(Sample.Builder sample) {
        Settings now = settings;
        if (!now.enabled()) {
            return;
        }
        VmsReading.Builder reading = VmsReading.newBuilder();
        if (Files.isExecutable(multipass)) {
            multipass(now.all(), reading);
        }
        if (Files.isExecutable(virsh)) {
            virsh(now.all(), reading);
        }
        sample.setVms(reading);
    }

    /** The answer of {@code command}, asked until it has answered once (Glances caches these too). */
    private String once(String key, Supplier<Optional<String>> command) {
        String known = cached.get(key);
        if (known == null) {
            Optional<String> answer = command.get();
            if (answer.isEmpty()) {
                return "";
            }
            known = answer.get();
            cached.put(key, known);
        }
        return known;
    }

    private Optional<String> run(Path program, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(program.toString());
        command.addAll(List.of(arguments));
        return ExternalCommand.run(command, timeout)
                .filter(result -> result.exitCode() == 0)
                .map(ExternalCommand.Result::stdout);
    }

    // ---- Multipass ----

    private void multipass(boolean all, VmsReading.Builder reading) {
        String version = once("multipass version", () -> run(multipass, "version", "--format", "json")
                .flatMap(VmsCollector::json).map(v -> JsonReader.string(JsonReader.at(v, "multipass"))));
        Object info = run(multipass, "info", "--format", "json").flatMap(VmsCollector::json).orElse(null);
        for (Map.Entry<String, Object> entry : JsonReader.object(JsonReader.at(info, "info")).entrySet()) {
            Object vm = entry.getValue();
            String state = JsonReader.string(JsonReader.at(vm, "state"));
            String lower = state == null ? "" : state.toLowerCase(Locale.ROOT);
            if (!all && !List.of("running", "starting", "restarting").contains(lower)) {
                continue;
            }
            Vm.Builder out = Vm.newBuilder().setName(entry.getKey()).setEngine("multipass")
                    .setEngineVersion(version).setStatus(lower);
            String id = JsonReader.string(JsonReader.at(vm, "image_hash"));
            out.setId(id == null ? "" : id);
            String release = JsonReader.string(JsonReader.at(vm, "release"));
            if (release == null || release.isEmpty()) {
                release = JsonReader.string(JsonReader.at(vm, "image_release"));
            }
            out.setRelease(release == null ? "" : release);
            Object cpus = JsonReader.at(vm, "cpu_count");
            out.setCpuCount(cpus == null ? 1 : (int) Math.max(0, number(cpus)));
            out.setMemoryUsage((long) Math.max(0, number(JsonReader.at(vm, "memory", "used"))));
            out.setMemoryTotal((long) Math.max(0, number(JsonReader.at(vm, "memory", "total"))));
            List<Object> load = JsonReader.array(JsonReader.at(vm, "load"));
            if (load.size() >= 3) {
                out.setLoad1Min(number(load.get(0))).setLoad5Min(number(load.get(1))).setLoad15Min(number(load.get(2)));
            }
            List<Object> ipv4 = JsonReader.array(JsonReader.at(vm, "ipv4"));
            if (!ipv4.isEmpty() && ipv4.get(0) instanceof String ip) {
                out.setIpv4(ip);
            }
            reading.addVms(out);
        }
    }

    /** Multipass writes some numbers as strings ("cpu_count": "1"). */
    private static double number(Object value) {
        if (value instanceof String s) {
            try {
                return Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return JsonReader.decimal(value, 0);
    }

    private static Optional<Object> json(String text) {
        try {
            return Optional.ofNullable(JsonReader.parse(text.strip()));
        } catch (JsonReader.JsonException e) {
            return Optional.empty();
        }
    }

    // ---- libvirt ----

    private void virsh(boolean all, VmsReading.Builder reading) {
        String version = once("virsh version", () -> run(virsh, "version").map(VmsCollector::hypervisor));
        String list = run(virsh, "list", "--all").orElse("");
        for (String[] domain : domains(list)) {
            String id = domain[0];
            String name = domain[1];
            String state = domain[2].toLowerCase(Locale.ROOT);
            if (!all && !state.equals("running") && !state.equals("paused")) {
                continue;
            }
            Map<String, String> stats = domstats(run(virsh, "domstats", name).orElse(""));
            String title = once("virsh title " + name,
                    () -> run(virsh, "desc", "--title", name).map(String::stripTrailing));
            Vm.Builder out = Vm.newBuilder().setName(name).setId(id).setStatus(state).setRelease(title)
                    .setEngine("virsh").setEngineVersion(version)
                    .setCpuCount((int) parse(stats.getOrDefault("vcpu.current", "1")))
                    .setCpuTime(parse(stats.get("cpu.time")))
                    .setMemoryUsage(parse(stats.get("balloon.rss")) * 1024)
                    .setMemoryTotal(parse(stats.get("balloon.maximum")) * 1024);
            reading.addVms(out);
        }
    }

    /** "Running hypervisor: QEMU 8.2.2", the fourth line of {@code virsh version}: "QEMU 8.2.2". */
    static String hypervisor(String version) {
        List<String> lines = ProcText.lines(version);
        if (lines.size() < 4) {
            return "";
        }
        String[] parts = lines.get(3).split(":", 3);
        return parts.length < 2 ? "" : parts[1].stripLeading();
    }

    /** The rows of {@code virsh list --all} after its two header lines: id, name, state (columns 2+ spaces apart). */
    static List<String[]> domains(String list) {
        List<String[]> domains = new ArrayList<>();
        List<String> lines = ProcText.lines(list);
        for (int i = 2; i < lines.size(); i++) {
            String[] columns = lines.get(i).strip().split("\\s{2,}");
            if (columns.length >= 3) {
                domains.add(new String[] {columns[0], columns[1], columns[2]});
            }
        }
        return domains;
    }

    /** {@code key=value} lines of {@code virsh domstats <domain>}, after its "Domain: 'name'" line. */
    static Map<String, String> domstats(String output) {
        Map<String, String> stats = new HashMap<>();
        List<String> lines = ProcText.lines(output);
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int eq = line.indexOf('=');
            if (eq > 0) {
                stats.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return stats;
    }

    private static long parse(String value) {
        if (value == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(value));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
