package io.fleetglance.top;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.InfoCmp.Capability;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fleetglance top}: Glances' terminal interface for a host of the fleet, or the fleet browser. */
@Command(name = "top", mixinStandardHelpOptions = true, version = "fleetglance top " + TopMain.VERSION,
        description = "Glances' terminal interface over the hub's REST API: one host's stats (HOST), or without "
                + "HOST the fleet browser. Press h for the keys, q to quit.")
public final class TopMain implements Callable<Integer> {

    static final String VERSION = "0.1.0";

    @Parameters(arity = "0..1", paramLabel = "HOST", description = "The host to show (default: the fleet browser).")
    String host;

    @Option(names = "--hub", defaultValue = "http://localhost:61208", paramLabel = "URL",
            description = "The hub's REST API (default http://localhost:61208; https://… when it serves TLS).")
    String hub;

    @Option(names = "--username", defaultValue = "glances",
            description = "REST API username when the hub asks for a password (default glances). The password "
                    + "comes from FLEETGLANCE_PASSWORD, else it is asked for.")
    String username;

    @Option(names = "--cacert", paramLabel = "FILE",
            description = "PEM certificate(s) to trust for an https hub, instead of the system's CAs "
                    + "(e.g. the hub's own CA).")
    Path caCert;

    @Option(names = "--refresh", paramLabel = "SECONDS",
            description = "Seconds between refreshes (default: the host's own sample period).")
    double refresh;

    @Option(names = "--no-color", description = "Monochrome (also when NO_COLOR is set).")
    boolean noColor;

    @Option(names = "--ascii", description = "Draw with ASCII only (default: UTF-8 when the terminal uses it).")
    boolean ascii;

    @Option(names = "--once", description = "Print one snapshot and exit, for scripts.")
    boolean once;

    @Option(names = "--json", description = "With --once: print the API's JSON instead of the screen.")
    boolean json;

    @Option(names = "--frame-log", hidden = true, paramLabel = "FILE",
            description = "Write one line per frame drawn (time, duration in µs), for the benchmark.")
    Path frameLog;

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new TopMain());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("fleetglance top: " + (e instanceof IllegalArgumentException
                    || e instanceof IOException ? e.getMessage() : e.toString()));
            return e instanceof IllegalArgumentException ? 2 : 1;
        });
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (refresh < 0 || refresh > 3600) {
            throw new IllegalArgumentException("--refresh must be between 0 and 3600 seconds, got " + refresh);
        }
        if (json && !once) {
            throw new IllegalArgumentException("--json needs --once");
        }
        URI base = hubUri(hub);
        HostTarget target = host == null ? null : HostTarget.onHub(host);
        ObjectMapper mapper = new ObjectMapper();
        SSLContext tls = caCert == null ? null : TrustedCertificates.context(caCert);
        HubClient client = authenticated(base, tls, mapper);
        boolean monochrome = noColor || !System.getenv().getOrDefault("NO_COLOR", "").isEmpty();
        if (once) {
            return new Snapshot(client, mapper, utf8(System.out)).print(target, json, monochrome, ascii);
        }
        try (Terminal terminal = TerminalBuilder.builder().system(true).name("fleetglance top").build();
                FrameLog frames = FrameLog.to(frameLog)) {
            if (Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())) {
                throw new IllegalArgumentException("the terminal cannot be driven full-screen (TERM is dumb or "
                        + "unset, or this is not a terminal); use --once for one snapshot");
            }
            Integer colours = terminal.getNumericCapability(Capability.max_colors);
            Look look = new Look(Palette.of(colours == null ? 0 : colours, monochrome),
                    Glyphs.of(ascii, terminal.encoding()));
            TopApp[] app = new TopApp[1];
            Poller poller = new Poller(client, mapper, refresh, Clock.systemDefaultZone(), () -> app[0].changed());
            app[0] = new TopApp(terminal, poller, look, base.toString(), target, Clock.systemDefaultZone(), frames);
            return app[0].run();
        }
    }

    /**
     * How long one answer may take: the screen waits little (it shows a late hub as not answering and tries again),
     * a script's single snapshot may wait longer.
     */
    private Duration timeout() {
        return Duration.ofSeconds(once ? 15 : 5);
    }

    /** {@code host:port} or a URL; the API lives at its root. */
    static URI hubUri(String text) {
        String t = text.contains("://") ? text : "http://" + text;
        URI u;
        try {
            u = URI.create(t.endsWith("/") ? t : t + "/");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--hub '" + text + "' is not a URL: " + e.getMessage());
        }
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
            throw new IllegalArgumentException("--hub '" + text + "' must be http://HOST[:PORT] or https://…");
        }
        return u;
    }

    /**
     * A client with the password the hub asks for: none until it answers 401, then FLEETGLANCE_PASSWORD, else asked
     * for on the console (never taken from the command line). A hub that does not answer yet is not an error here:
     * the screen shows it and keeps trying.
     */
    private HubClient authenticated(URI base, SSLContext tls, ObjectMapper mapper) throws Exception {
        HubClient open = new HubClient(base, username, null, tls, mapper, timeout());
        try {
            open.get("api/4/pluginslist");
            return open;
        } catch (HubClient.HubAnswerException e) {
            if (e.status() != 401) {
                return open;
            }
        } catch (HubClient.HubUnreachableException e) {
            if (once) {
                throw e;
            }
            String env = System.getenv("FLEETGLANCE_PASSWORD");
            return env == null ? open : new HubClient(base, username, env.toCharArray(), tls, mapper, timeout());
        }
        char[] password = password(base);
        HubClient client = new HubClient(base, username, password, tls, mapper, timeout());
        Arrays.fill(password, '\0');
        try {
            client.get("api/4/pluginslist");
        } catch (HubClient.HubAnswerException e) {
            if (e.status() == 401) {
                throw new IllegalArgumentException("the hub " + base + " refused user '" + username
                        + "' and this password");
            }
        }
        return client;
    }

    private char[] password(URI base) {
        String env = System.getenv("FLEETGLANCE_PASSWORD");
        if (env != null) {
            return env.toCharArray();
        }
        Console console = System.console();
        if (console == null) {
            throw new IllegalArgumentException("the hub " + base + " asks for a password: set FLEETGLANCE_PASSWORD");
        }
        char[] typed = console.readPassword("Password for %s on %s: ", username, base);
        if (typed == null) {
            throw new IllegalArgumentException("no password given");
        }
        return typed;
    }

    /** The stdout of {@code --once}, in UTF-8 whatever the platform default. */
    static PrintStream utf8(PrintStream out) {
        return new PrintStream(out, true, StandardCharsets.UTF_8);
    }
}
