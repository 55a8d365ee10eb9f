package io.fleetglance.agent;

import io.fleetglance.agent.collect.Collector;
import io.fleetglance.agent.collect.ProcessCollector;
import io.fleetglance.agent.grpc.GrpcCall;
import io.fleetglance.agent.stream.Backoff;
import io.fleetglance.agent.stream.LastTaken;
import io.fleetglance.agent.stream.Outbox;
import io.fleetglance.agent.stream.SessionListener;
import io.fleetglance.agent.stream.StreamClient;
import io.fleetglance.agent.tls.HubTrust;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.proto.Command;
import io.fleetglance.proto.CommandReply;
import io.fleetglance.proto.Hello;
import io.fleetglance.proto.OsFacts;
import io.fleetglance.proto.Sample;
import io.fleetglance.proto.Welcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One host's agent: samples the machine on a timer and streams the samples to the hub, losing none it still holds. */
public final class Agent implements AutoCloseable {

    /** The agent's software version, sent in Hello. */
    public static final String VERSION = "0.1.0";

    private static final Logger log = LoggerFactory.getLogger(Agent.class);

    private final AgentSettings settings;
    private final ProcessCollector processes;
    private final Outbox outbox;
    private final Sampler sampler;
    private final StreamClient client;
    private final Clock clock = Clock.systemUTC();
    private volatile OsFacts os = OsFacts.getDefaultInstance();
    private final List<Collector> collectors;
    private final GlancesConfig localConfig;
    private volatile EffectiveConfig effective;

    /**
     * @param processes the process collector among {@code collectors}, told to resend static facts and to collect
     *                  extended stats; null when the process table is not collected
     */
    public Agent(AgentSettings settings, List<Collector> collectors, ProcessCollector processes) {
        this(settings, collectors, processes, GlancesConfig.empty());
    }

    /**
     * @param localConfig this agent's own glances.conf; its keys win over the hub's for this agent
     */
    public Agent(AgentSettings settings, List<Collector> collectors, ProcessCollector processes,
            GlancesConfig localConfig) {
        this.settings = settings;
        this.collectors = List.copyOf(collectors);
        this.localConfig = localConfig;
        this.processes = processes;
        this.outbox = openOutbox(settings);
        this.sampler = new Sampler(collectors, settings.period(), clock, this::enqueue);
        Backoff backoff = new Backoff(settings.backoffInitial(), settings.backoffMax(), 0.2, ThreadLocalRandom.current());
        // The agent's own gRPC call (see GrpcCall): a general gRPC client would load over a thousand classes.
        GrpcCall.Options options = GrpcCall.Options.defaults("fleetglance-agent/" + VERSION)
                .withKeepAlive(settings.keepAliveTime(), settings.keepAliveTimeout());
        List<StreamClient.Hub> hubs = settings.hubs().stream().map(h -> new StreamClient.Hub(h.host(), h.port(),
                settings.trust().connector(h.host(), h.port(), settings.keepAliveTimeout()))).toList();
        this.client = new StreamClient(hubs, options, this::hello, outbox, new Listener(), backoff);
        apply(EffectiveConfig.localOnly(localConfig));
    }

    /**
     * The outbox the settings ask for: on disk in {@code outboxDir}, or in memory.
     *
     * @throws UncheckedIOException naming the directory when it cannot be used
     */
    private static Outbox openOutbox(AgentSettings settings) {
        if (settings.outboxDir() == null) {
            return new Outbox(settings.outboxCapacity(), settings.outboxBytes());
        }
        try {
            return Outbox.durable(settings.outboxDir(), settings.outboxCapacity(), settings.outboxBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** The configuration in force: the hub's, overlaid by the local file. */
    public EffectiveConfig effectiveConfig() {
        return effective;
    }

    private void apply(EffectiveConfig config) {
        effective = config;
        sampler.configure(config.disabledPlugins(), config.sections());
        for (Collector c : collectors) {
            c.configure(config.disabledPlugins(), config.sections());
        }
    }

    public void start() {
        if (settings.trust() instanceof HubTrust.Insecure) {
            log.warn("INSECURE: this agent streams to the hub in plaintext (--insecure): its token, credential and "
                    + "samples cross the network unencrypted and the hub is not verified; use it in a lab only");
        }
        LastTaken last = outbox.resumed();
        if (last != null) {
            // seqs go on where the spool left off: the hub ingests the resent samples, and counts as missed the
            // periods in which this agent was down and took none
            long next = last.nextSeq(clock.millis() * 1000);
            sampler.continueAt(next);
            log.info("agent resumes after seq {}{}", last.seq(), next > last.seq() + 1
                    ? "; " + (next - last.seq() - 1) + " sample periods passed while it was down" : "");
        }
        sampler.setDroppedSamples(outbox.dropped());
        sampler.start();
        client.start();
        log.info("agent '{}' (id {}) sampling every {} s, streaming to {} ({})", settings.name(),
                settings.agentId(), settings.period().toMillis() / 1000.0, settings.hubs().stream()
                        .map(HubAddress::toString).collect(Collectors.joining(" or ")),
                settings.trust().describe());
    }

    private void enqueue(Sample sample) {
        if (sample.hasSystem()) {
            os = sample.getSystem().getOs();
        }
        if (outbox.add(sample, (int) sampler.period().toMillis())) {
            sampler.setDroppedSamples(outbox.dropped());
            // A dropped sample may have carried static process facts the hub never saw.
            if (processes != null) {
                processes.forgetSentFacts();
            }
        }
    }

    private Hello hello() {
        return Hello.newBuilder()
                .setAgentId(settings.agentId())
                .setHostName(settings.name())
                .setAgentVersion(VERSION)
                .setOs(os)
                .setSamplePeriodMs((int) sampler.period().toMillis())
                .setToken(settings.token())
                .setCredential(settings.credential())
                .setOutboxOldestSeq(outbox.oldestSeq())
                .setNextSeq(sampler.nextSeq())
                .build();
    }

    public AgentSettings settings() {
        return settings;
    }

    public Outbox outbox() {
        return outbox;
    }

    public Sampler sampler() {
        return sampler;
    }

    /** Whether a session with the hub is established right now. */
    /** Whether the samples go to the hub gzipped (gRPC's gzip encoding, which the hub takes). */
    public boolean gzipped() {
        return client.gzipped();
    }

    public boolean connected() {
        return client.connected();
    }

    @Override
    public void close() {
        sampler.close();
        client.close();
        outbox.close();
    }

    private final class Listener implements SessionListener {
        @Override
        public void onWelcome(Welcome welcome) {
            if (processes != null) {
                processes.forgetSentFacts();
            }
            if (welcome.hasConfig()) {
                if (welcome.getConfig().getSamplePeriodMs() > 0) {
                    sampler.setPeriod(Duration.ofMillis(welcome.getConfig().getSamplePeriodMs()));
                }
                apply(EffectiveConfig.merge(welcome.getConfig(), localConfig));
            }
        }

        @Override
        public CommandReply onCommand(Command command) {
            CommandReply.Builder reply = CommandReply.newBuilder().setId(command.getId());
            try {
                switch (command.getActionCase()) {
                    case EXTENDED_STATS -> {
                        if (processes == null) {
                            return reply.setOk(false).setMessage("this agent does not collect processes").build();
                        }
                        processes.setExtendedPid(command.getExtendedStats().getPid());
                        return reply.setOk(true).build();
                    }
                    case SET_PERIOD -> {
                        sampler.setPeriod(Duration.ofMillis(command.getSetPeriod().getSamplePeriodMs()));
                        return reply.setOk(true).build();
                    }
                    default -> {
                        return reply.setOk(false).setMessage("unknown command " + command.getActionCase()).build();
                    }
                }
            } catch (IllegalArgumentException e) {
                return reply.setOk(false).setMessage(e.getMessage()).build();
            }
        }
    }
}
