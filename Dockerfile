# syntax=docker/dockerfile:1
# One Maven build, two images:
#   docker build --target hub   -t fleetglance-hub .     the hub (REST 61208, agent ingest 61209)
#   docker build --target agent -t fleetglance-agent .   an agent (needs FLEETGLANCE_HUB)
# docker-compose.yml builds both.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY proto proto
COPY common common
COPY agent agent
COPY hub hub
# The Maven repository is a build cache, so a rebuild after a source change downloads nothing.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -Dmaven.test.skip=true package \
 && mkdir -p /out \
 && cp hub/target/fleetglance-hub-*-all.jar /out/fleetglance-hub.jar \
 && cp agent/target/fleetglance-agent-*-all.jar /out/fleetglance-agent.jar


FROM eclipse-temurin:17-jre AS hub
# curl is only for the health check.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --create-home --home-dir /home/fleetglance fleetglance \
 && mkdir -p /var/lib/fleetglance && chown fleetglance:fleetglance /var/lib/fleetglance
COPY --from=build /out/fleetglance-hub.jar /opt/fleetglance/fleetglance-hub.jar
USER fleetglance
WORKDIR /home/fleetglance
ENV HUB_JAVA_OPTS="-XX:+UseParallelGC -XX:MaxRAMPercentage=50 -XX:NewRatio=1"
EXPOSE 61208 61209
HEALTHCHECK --interval=5s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS -o /dev/null http://127.0.0.1:61208/api/4/status || exit 1
# The hub's store (hosts, events, history): keep it on a volume, or the fleet is forgotten with the container.
VOLUME /var/lib/fleetglance
# Options after the image name go to `fleetglance hub` (e.g. --no-local-agent, --token, -C /etc/glances/glances.conf).
ENTRYPOINT ["sh", "-c", "exec java $HUB_JAVA_OPTS -jar /opt/fleetglance/fleetglance-hub.jar hub --state-dir /var/lib/fleetglance \"$@\"", "fleetglance-hub"]


FROM eclipse-temurin:17-jre AS agent
RUN useradd --system --uid 10001 --user-group --create-home --home-dir /home/fleetglance fleetglance
COPY --from=build /out/fleetglance-agent.jar /opt/fleetglance/fleetglance-agent.jar
COPY agent/jvm.options /opt/fleetglance/agent-jvm.options
# A container agent reads its own container as any user can. To watch the machine instead, run it as root with the
# host's /proc and /sys mounted under /host, pid: host and FLEETGLANCE_ROOT=/host (see docker-compose.yml): root is
# what lets it read every process's io counters and open files.
USER fleetglance
WORKDIR /home/fleetglance
# The agent must stay small on every host: the same tuned flags as ./fleetglance agent (agent/jvm.options), unless
# AGENT_JAVA_OPTS is set. glibc keeps two malloc arenas instead of one per thread.
ENV MALLOC_ARENA_MAX=2
# Configured by FLEETGLANCE_HUB (required), FLEETGLANCE_NAME, FLEETGLANCE_TOKEN, FLEETGLANCE_ROOT, or by options
# after the image name (--hub, --name, --period, ...).
ENTRYPOINT ["sh", "-c", "exec java ${AGENT_JAVA_OPTS:-$(cat /opt/fleetglance/agent-jvm.options)} -jar /opt/fleetglance/fleetglance-agent.jar \"$@\"", "fleetglance-agent"]
