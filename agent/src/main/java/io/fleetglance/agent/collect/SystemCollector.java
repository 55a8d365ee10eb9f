package io.fleetglance.agent.collect;

import io.fleetglance.proto.OsFacts;
import io.fleetglance.proto.Sample;
import io.fleetglance.proto.SystemReading;
import java.util.List;
import java.util.Optional;

/** Reads what the host is (OS, kernel, distribution, architecture, hostname) for the system plugin. */
public final class SystemCollector implements Collector {

    private final HostRoot root;
    private final String osArch;
    /** Kernel, distribution and architecture do not change while the agent runs; read on the first collect. */
    private volatile OsFacts staticFacts;

    /** A collector reading the host under {@code root}, on the architecture this JVM runs on. */
    public SystemCollector(HostRoot root) {
        this(root, System.getProperty("os.arch", ""));
    }

    /** A collector reading the host under {@code root}, on the given JVM architecture name ({@code os.arch}). */
    SystemCollector(HostRoot root, String osArch) {
        this.root = root;
        this.osArch = osArch;
    }

    @Override
    public List<String> plugins() {
        return List.of("system");
    }

    @Override
    public void collect(Sample.Builder sample) {
        sample.setSystem(SystemReading.newBuilder().setOs(facts()));
    }

    /** The host's facts as of now: the cached static part with the hostname read again. */
    public OsFacts facts() {
        OsFacts known = staticFacts;
        if (known == null) {
            known = OsFacts.newBuilder()
                    .setOsName("Linux")
                    .setPlatform(osArch.contains("64") ? "64bit" : "32bit")
                    .setOsVersion(ProcText.firstLine(root.resolve("/proc/sys/kernel/osrelease")).orElse(""))
                    .setLinuxDistro(linuxDistro())
                    .setMachine(machine(osArch))
                    .build();
            staticFacts = known;
        }
        // The hostname can be changed at run time (hostnamectl), so it is the one fact read every time.
        String hostname = ProcText.firstLine(root.resolve("/proc/sys/kernel/hostname")).orElse("");
        return known.toBuilder().setHostname(hostname).build();
    }

    /** NAME and VERSION_ID of os-release, joined as Glances joins them ("Debian GNU/Linux 12"). */
    private String linuxDistro() {
        Optional<String> osRelease = ProcText.read(root.resolve("/etc/os-release"))
                .or(() -> ProcText.read(root.resolve("/usr/lib/os-release")));
        if (osRelease.isEmpty()) {
            return "";
        }
        String name = null;
        String versionId = null;
        for (String line : ProcText.lines(osRelease.get())) {
            int equals = line.indexOf('=');
            if (equals <= 0) {
                continue;
            }
            String key = line.substring(0, equals).trim();
            if (key.equals("NAME")) {
                name = unquote(line.substring(equals + 1).trim());
            } else if (key.equals("VERSION_ID")) {
                versionId = unquote(line.substring(equals + 1).trim());
            }
        }
        if (name == null) {
            // Glances gives just the version when NAME is missing; rolling releases have no VERSION_ID at all.
            return versionId == null ? "" : " " + versionId;
        }
        return versionId == null ? name : name + " " + versionId;
    }

    /** An os-release value: shell-quoted with single or double quotes, or bare. */
    private static String unquote(String value) {
        if (value.length() >= 2) {
            char first = value.charAt(0);
            if ((first == '"' || first == '\'') && value.charAt(value.length() - 1) == first) {
                String inner = value.substring(1, value.length() - 1);
                return first == '"' ? unescape(inner) : inner;
            }
        }
        return value;
    }

    private static String unescape(String value) {
        if (value.indexOf('\\') < 0) {
            return value;
        }
        StringBuilder unescaped = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                c = value.charAt(++i);
            }
            unescaped.append(c);
        }
        return unescaped.toString();
    }

    /** The kernel's name for the architecture ({@code uname -m}) from the JVM's name for it. */
    private static String machine(String osArch) {
        return switch (osArch) {
            case "amd64" -> "x86_64";
            case "x86", "i386" -> "i686";
            default -> osArch;
        };
    }
}
