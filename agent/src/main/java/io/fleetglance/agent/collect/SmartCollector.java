package io.fleetglance.agent.collect;

import io.fleetglance.proto.Sample;
import io.fleetglance.proto.SmartAttribute;
import io.fleetglance.proto.SmartDevice;
import io.fleetglance.proto.SmartReading;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the SMART attributes of the machine's disks through smartctl for the smart plugin: {@code --scan-open} lists
 * the devices with their types, then {@code -A -i} reads each one's identity and ATA attribute table.
 *
 * <p>Off until {@link #setEnabled(boolean) enabled}, as Glances disables smart by default: it spawns smartctl once
 * per disk per sample. Even when enabled it reads nothing unless the agent runs as root (smartctl needs raw device
 * access; Glances requires admin too): the reading is then empty. A disk in standby is not woken up
 * ({@code -n standby}); it is left out of that sample. Each smartctl run has its own deadline.
 */
public final class SmartCollector implements Collector {

    /** How long one smartctl run may take; a healthy disk answers in tens of milliseconds. */
    static final Duration SMARTCTL_TIMEOUT = Duration.ofSeconds(3);
    /** smartctl's exit status bits that mean "no answer": bad command line, device could not be opened (or sleeps). */
    private static final int NO_ANSWER = 0b11;

    private final Optional<Path> smartctl;
    private final boolean privileged;
    private final Duration timeout;
    private volatile boolean enabled;

    /**
     * A collector running the smartctl of the agent's PATH (or {@code /usr/sbin}, {@code /sbin}), allowed when the
     * agent's real and effective user ids are 0, read from the agent's own {@code /proc/self/status}.
     */
    public SmartCollector() {
        this(ExternalCommand.locate("smartctl", List.of("/usr/sbin", "/sbin", "/usr/bin")),
                runsAsRoot(ProcText.read(Path.of("/proc/self/status")).orElse("")), SMARTCTL_TIMEOUT);
    }

    /** A collector running {@code smartctl} (none: no SMART data) when {@code privileged}, each run within timeout. */
    public SmartCollector(Optional<Path> smartctl, boolean privileged, Duration timeout) {
        this.smartctl = smartctl;
        this.privileged = privileged;
        this.timeout = timeout;
    }

    @Override
    public List<String> plugins() {
        return List.of("smart");
    }

    /** Turns SMART reading on or off from the next sample on; off by default. */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** Reads SMART only where the configuration turns the smart plugin on (Glances: off by default). */
    @Override
    public void configure(Set<String> disabledPlugins, Map<String, Map<String, String>> sections) {
        setEnabled(!disabledPlugins.contains("smart"));
    }

    /** Whether SMART is read. */
    public boolean enabled() {
        return enabled;
    }

    @Override
    public void collect(Sample.Builder sample) {
        if (!enabled) {
            return;
        }
        SmartReading.Builder reading = SmartReading.newBuilder();
        if (privileged && smartctl.isPresent()) {
            Object scan = json(List.of("--scan-open", "--json"));
            for (Object device : JsonReader.array(JsonReader.at(scan, "devices"))) {
                String name = JsonReader.string(JsonReader.at(device, "name"), "");
                String type = JsonReader.string(JsonReader.at(device, "type"), "");
                if (!name.isEmpty()) {
                    device(name, type).ifPresent(reading::addDevices);
                }
            }
        }
        sample.setSmart(reading);
    }

    private Optional<SmartDevice> device(String name, String type) {
        List<String> arguments = new ArrayList<>(List.of("-A", "-i", "--json", "-n", "standby"));
        if (!type.isEmpty()) {
            // The type --scan-open found (sat behind a USB bridge, megaraid,N behind a RAID card) must be passed on.
            arguments.addAll(List.of("-d", type));
        }
        arguments.add(name);
        Object answer = json(arguments);
        if (answer == null) {
            return Optional.empty();
        }
        SmartDevice.Builder device = SmartDevice.newBuilder()
                .setDeviceName(name)
                .setModel(JsonReader.string(JsonReader.at(answer, "model_name"), ""));
        Object table = JsonReader.at(answer, "ata_smart_attributes", "table");
        for (Object attribute : JsonReader.array(table)) {
            long id = JsonReader.integer(JsonReader.at(attribute, "id"), -1);
            if (id < 0 || id > 255) {
                continue;
            }
            device.addAttributes(SmartAttribute.newBuilder()
                    .setId((int) id)
                    .setName(JsonReader.string(JsonReader.at(attribute, "name"), ""))
                    .setValue(JsonReader.integer(JsonReader.at(attribute, "value"), 0))
                    .setWorst(JsonReader.integer(JsonReader.at(attribute, "worst"), 0))
                    .setThreshold(JsonReader.integer(JsonReader.at(attribute, "thresh"), 0))
                    .setRaw(JsonReader.string(JsonReader.at(attribute, "raw", "string"), ""))
                    .setWhenFailed(JsonReader.string(JsonReader.at(attribute, "when_failed"), ""))
                    .setFlags(JsonReader.string(JsonReader.at(attribute, "flags", "string"), "")));
        }
        return Optional.of(device.build());
    }

    /** smartctl's JSON answer to {@code arguments}, or null when it did not answer (see {@link #NO_ANSWER}). */
    private Object json(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(smartctl.orElseThrow().toString());
        command.addAll(arguments);
        Optional<ExternalCommand.Result> result = ExternalCommand.run(command, timeout);
        if (result.isEmpty() || (result.get().exitCode() & NO_ANSWER) != 0) {
            return null;
        }
        try {
            return JsonReader.parse(result.get().stdout());
        } catch (JsonReader.JsonException e) {
            return null;
        }
    }

    /** Whether a {@code /proc/<pid>/status} text says the process's real and effective user ids are both 0. */
    static boolean runsAsRoot(String status) {
        for (String line : ProcText.lines(status)) {
            if (line.startsWith("Uid:")) {
                List<String> ids = ProcText.columns(line.substring(4));
                return ids.size() >= 2 && ids.get(0).equals("0") && ids.get(1).equals("0");
            }
        }
        return false;
    }
}
