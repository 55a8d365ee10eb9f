package io.fleetglance.agent;

import io.fleetglance.agent.collect.CollectorSet;
import io.fleetglance.agent.collect.HostRoot;
import io.fleetglance.agent.tls.AgentCredential;
import io.fleetglance.agent.tls.HubTrust;
import io.fleetglance.common.config.ConfigException;
import io.fleetglance.common.config.GlancesConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code fleetglance agent}: runs an agent that streams this machine to a hub.
 *
 * <p>The options are parsed here, by hand: a command-line library costs every agent some 4 MiB of memory for one
 * parse at start-up. Options take their value as {@code --opt VALUE} or {@code --opt=VALUE} ({@code -C FILE} and
 * {@code -CFILE} too), and each may be given once.
 */
public final class AgentCommand {

    static final String USAGE = """
            Usage: fleetglance agent --hub=HOST:PORT [--name=NAME] [--period=SECONDS] [--token-file=FILE]
                                     [--ca=FILE | --hub-fingerprint=sha256:HEX | --insecure]
                                     [--root=DIR] [-C=FILE] [--outbox=N] [--outbox-mib=MIB] [--state-dir=DIR]
            Samples this machine and streams it to a Fleetglance hub over TLS.
                  --hub=HOST:PORT     The hub's ingest address, HOST:PORT (port defaults to 61209); for hubs
                                        sharing one store, several: HOST:PORT,HOST:PORT,... tried in turn.
                                        Env: FLEETGLANCE_HUB.
                  --name=NAME         The name this host is served under (default: the machine's host name).
                                        Env: FLEETGLANCE_NAME.
                  --period=SECONDS    Seconds between samples, at least 1 (default 2).
                  --token-file=FILE   A file holding the hub's enrollment token (the hub prints it at its first
                                        start). Env: FLEETGLANCE_TOKEN (the token itself).
                  --token=TOKEN       The token on the command line: works, but other users of this machine can
                                        read it; prefer --token-file or FLEETGLANCE_TOKEN.
                  --ca=FILE           Verify the hub by this CA (PEM), e.g. the hub's own ca.pem.
                  --hub-fingerprint=sha256:HEX
                                      Verify the hub by the fingerprint it prints at start.
                                        Without --ca or --hub-fingerprint the first hub seen is trusted and
                                        remembered in the state directory (known-hubs); a hub whose
                                        certificate changes later is refused.
                  --insecure          Plaintext, nothing verified: only for a lab whose hub runs --insecure.
                  --root=DIR          The root the machine is read through, e.g. /host when /proc and /sys of the
                                        host are mounted there (default /). Env: FLEETGLANCE_ROOT.
              -C, --config=FILE       This agent's own glances.conf: its keys win over the hub's for this agent.
                  --outbox=N          How many unacknowledged samples to keep while the hub is unreachable
                                        (default 900).
                  --outbox-mib=MIB    At most this many MiB of samples wait for the hub, on disk in the state
                                        dir (default 8); older ones are dropped and counted.
                  --state-dir=DIR     Where the agent keeps its stable id, its credential, the hubs it trusts
                                        and its outbox, which outlives a restart (default
                                        ~/.local/state/fleetglance).
              -h, --help              Show this help message and exit.
              -V, --version           Print version information and exit.
            """;

    /** Each option that takes a value, with the long name it is known by. */
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("--hub", "--hub"), Map.entry("--name", "--name"), Map.entry("--period", "--period"),
            Map.entry("--token", "--token"), Map.entry("--root", "--root"), Map.entry("-C", "--config"),
            Map.entry("--config", "--config"), Map.entry("--outbox", "--outbox"),
            Map.entry("--outbox-mib", "--outbox-mib"), Map.entry("--state-dir", "--state-dir"),
            Map.entry("--token-file", "--token-file"), Map.entry("--ca", "--ca"),
            Map.entry("--hub-fingerprint", "--hub-fingerprint"));
    /** The options that take no value. */
    private static final Set<String> FLAGS = Set.of("--insecure");
    private static final Logger log = LoggerFactory.getLogger(AgentCommand.class);

    /** The options of one run, after defaults and the environment. */
    record Options(String hub, String name, double period, String token, Path root, Path configFile, int outbox,
            double outboxMib, Path stateDir, Path tokenFile, Path ca, String hubFingerprint, boolean insecure,
            boolean tokenOnCommandLine) {

        @Override
        public String toString() {
            return "Options[hub=" + hub + ", name=" + name + "]"; // never the token
        }
    }

    private AgentCommand() {
    }

    /**
     * Runs the command: prints the help or the version, or runs the agent until the JVM is asked to stop.
     *
     * @return the exit code: 0, or 2 for options or files it cannot use (the reason is one line on {@code err})
     */
    public static int run(List<String> args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        if (args.contains("-h") || args.contains("--help")) {
            out.print(USAGE);
            out.flush();
            return 0;
        }
        if (args.contains("-V") || args.contains("--version")) {
            out.println("fleetglance agent " + Agent.VERSION);
            out.flush();
            return 0;
        }
        try {
            Agent agent = build(parse(args, env));
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                agent.close();
                stopped.countDown();
            }, "fleetglance-shutdown"));
            agent.start();
            stopped.await();
            return 0;
        } catch (IllegalArgumentException | ConfigException e) {
            err.println("fleetglance agent: " + e.getMessage());
            err.flush();
            return 2;
        } catch (NoSuchFileException e) {
            err.println("fleetglance agent: " + e.getFile() + " does not exist: give an existing file to the option "
                    + "that names it (-C for a glances.conf, --state-dir for a directory), or leave it out");
            err.flush();
            return 2;
        } catch (AccessDeniedException e) {
            err.println("fleetglance agent: " + e.getFile() + " cannot be read or written (permission denied): "
                    + "run as a user who may, or choose another path");
            err.flush();
            return 2;
        } catch (IOException e) {
            err.println("fleetglance agent: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            err.flush();
            return 2;
        } catch (UncheckedIOException e) {
            err.println("fleetglance agent: " + e.getCause().getMessage());
            err.flush();
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (RuntimeException e) {
            err.println("fleetglance agent: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            err.flush();
            return 2;
        }
    }

    /** Reads the arguments, then the environment for what they leave out, then the defaults. */
    static Options parse(List<String> args, Map<String, String> env) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String key;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                key = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else if (arg.startsWith("-C") && arg.length() > 2) {
                key = "-C";
                value = arg.substring(arg.charAt(2) == '=' ? 3 : 2);
            } else {
                key = arg;
            }
            if (FLAGS.contains(key) && value == null) {
                if (given.put(key, "") != null) {
                    throw new IllegalArgumentException("option '" + key + "' is given more than once");
                }
                continue;
            }
            String name = NAMES.get(key);
            if (name == null) {
                throw new IllegalArgumentException((arg.startsWith("-") ? "unknown option '" : "unexpected argument '")
                        + arg + "' (see --help)");
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("option '" + key + "' needs a value (see --help)");
                }
                value = args.get(++i);
            }
            if (given.put(name, value) != null) {
                throw new IllegalArgumentException("option '" + name + "' is given more than once");
            }
        }
        String hub = option(given, "--hub", env, "FLEETGLANCE_HUB", null);
        if (hub == null) {
            throw new IllegalArgumentException("the hub's address is missing: --hub=HOST:PORT (or FLEETGLANCE_HUB)");
        }
        return new Options(hub,
                option(given, "--name", env, "FLEETGLANCE_NAME", null),
                number(given, "--period", "2"),
                option(given, "--token", env, "FLEETGLANCE_TOKEN", null),
                path(option(given, "--root", env, "FLEETGLANCE_ROOT", "/"), "--root"),
                path(given.get("--config"), "--config"),
                (int) whole(given, "--outbox", "900"),
                number(given, "--outbox-mib", "8"),
                path(given.get("--state-dir"), "--state-dir"),
                path(given.get("--token-file"), "--token-file"),
                path(given.get("--ca"), "--ca"),
                given.get("--hub-fingerprint"),
                given.containsKey("--insecure"),
                given.containsKey("--token"));
    }

    private static String option(Map<String, String> given, String name, Map<String, String> env, String variable,
            String fallback) {
        String value = given.get(name);
        if (value == null && variable != null) {
            String fromEnv = env.get(variable);
            value = fromEnv == null || fromEnv.isEmpty() ? null : fromEnv;
        }
        return value == null ? fallback : value;
    }

    private static double number(Map<String, String> given, String name, String fallback) {
        String text = given.getOrDefault(name, fallback);
        try {
            double value = Double.parseDouble(text.trim());
            if (!Double.isFinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid value for option '" + name + "': '" + text
                    + "' is not a number");
        }
    }

    private static long whole(Map<String, String> given, String name, String fallback) {
        String text = given.getOrDefault(name, fallback);
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid value for option '" + name + "': '" + text
                    + "' is not a whole number");
        }
    }

    private static Path path(String text, String name) {
        if (text == null) {
            return null;
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("invalid value for option '" + name + "': " + e.getMessage());
        }
    }

    /** Makes the state dir when needed; says clearly when it cannot hold the agent's id and outbox. */
    private static void prepareStateDir(Path dir) throws IOException {
        String what = "the state dir " + dir;
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new IOException(what + " is not a directory (" + e.getFile() + " is a file); give --state-dir a"
                    + " directory this agent may write", e);
        } catch (FileSystemException e) {
            throw new IOException("cannot make " + what + ": " + (e.getReason() == null ? e : e.getReason())
                    + " (" + e.getFile() + "); give --state-dir a directory this agent may write", e);
        }
        if (!Files.isWritable(dir)) {
            throw new IOException(what + " is not writable by this agent; give --state-dir a directory it may write");
        }
    }

    /** How the hub is verified: by a CA, a pinned fingerprint, plaintext for labs, else trust on first use. */
    static HubTrust trust(Options o, Path stateDir) throws IOException {
        int given = (o.ca() != null ? 1 : 0) + (o.hubFingerprint() != null ? 1 : 0) + (o.insecure() ? 1 : 0);
        if (given > 1) {
            throw new IllegalArgumentException("give one of --ca, --hub-fingerprint and --insecure, not several");
        }
        if (o.insecure()) {
            return HubTrust.insecure();
        }
        if (o.ca() != null) {
            return HubTrust.caFile(o.ca());
        }
        if (o.hubFingerprint() != null) {
            return HubTrust.pinned(o.hubFingerprint());
        }
        return HubTrust.trustOnFirstUse(stateDir.resolve("known-hubs"));
    }

    /** The enrollment token: from --token-file, else FLEETGLANCE_TOKEN or --token (which warns); "" for none. */
    static String token(Options o) throws IOException {
        if (o.tokenFile() != null) {
            if (o.tokenOnCommandLine()) {
                throw new IllegalArgumentException("give --token-file or --token, not both");
            }
            String token;
            try {
                token = Files.readString(o.tokenFile(), StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new IOException("cannot read --token-file " + o.tokenFile() + ": " + e.getMessage(), e);
            }
            if (token.isEmpty()) {
                throw new IllegalArgumentException("--token-file " + o.tokenFile() + " is empty");
            }
            return token;
        }
        if (o.tokenOnCommandLine()) {
            log.warn("--token on the command line can be read by other users of this machine (ps, /proc); "
                    + "prefer --token-file FILE or FLEETGLANCE_TOKEN");
        }
        return o.token() == null ? "" : o.token();
    }

    /** Builds the agent the options describe, without starting it. */
    static Agent build(Options o) throws IOException {
        if (o.outboxMib() < 0.001 || o.outboxMib() > 16) {
            throw new IllegalArgumentException("--outbox-mib must be between 0.001 and 16, got " + o.outboxMib());
        }
        if (o.period() < 1 || o.period() > 3600) {
            throw new IllegalArgumentException("--period must be between 1 and 3600 seconds, got " + o.period());
        }
        if (o.configFile() != null && !Files.isRegularFile(o.configFile())) {
            throw new IllegalArgumentException("-C " + o.configFile() + ": no such file; give the path of an existing "
                    + "glances.conf, or leave -C out");
        }
        List<HubAddress> hubs = HubAddress.parseList(o.hub());
        HubAddress address = hubs.get(0);
        HostRoot hostRoot = new HostRoot(o.root());
        String hostName = o.name() == null || o.name().isBlank() ? HostNames.defaultName(hostRoot) : o.name();
        Path dir = o.stateDir() != null ? o.stateDir() : AgentSettings.defaultStateDir();
        prepareStateDir(dir);
        String id = AgentIdentity.loadOrCreate(dir.resolve("agent-" + hostName + ".id"));
        HubTrust trust = trust(o, dir);
        AgentCredential credential = AgentCredential.loadOrCreate(dir.resolve("agent-" + hostName + ".credential"));
        if (credential.created()) {
            log.info("made a new credential for host name '{}' in {}: the hub binds the name to it at enrollment",
                    hostName, credential.file());
        }
        AgentSettings settings = AgentSettings.of(address.host(), address.port(), trust, hostName, id)
                .withCredential(credential.secret())
                .withPeriod(Duration.ofMillis(Math.round(o.period() * 1000)))
                .withToken(token(o))
                .withOutboxCapacity(o.outbox())
                .withOutboxBytes(Math.round(o.outboxMib() * 1024 * 1024))
                .withRoot(hostRoot)
                .withOutboxDir(dir.resolve("agent-" + hostName + ".outbox"))
                .withOtherHubs(hubs.subList(1, hubs.size()));
        CollectorSet collectors = CollectorSet.standard(hostRoot);
        // a bad value stops the agent now, naming file, line and key, as it stops the hub
        GlancesConfig local = o.configFile() == null ? GlancesConfig.empty()
                : GlancesConfig.load(o.configFile()).validate();
        return new Agent(settings, collectors.all(), collectors.processes(), local);
    }
}
