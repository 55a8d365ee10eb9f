# syntax=docker/dockerfile:1
# One Maven build, two images:
#   docker build --target hub   -t fleetglance-hub .     the hub (REST 61208, agent ingest 61209)
#   docker build --target agent -t fleetglance-agent .   an agent (needs FLEETGLANCE_HUB)
# docker-compose.yml builds both.
#
# Build arguments, for machines that cannot pull the public images or that already built the jars:
#   BUILD_IMAGE    the Maven image the jars are built in (maven:3.9-eclipse-temurin-17)
#   RUNTIME_IMAGE  the Java 17 runtime both images start from (eclipse-temurin:17-jre); any Debian-like image with
#                  `java` on the PATH and `useradd` will do
#   JARS           `build` (Maven runs in BUILD_IMAGE), or `prebuilt`: the jars come from the build context, which
#                  then holds only fleetglance-hub.jar, fleetglance-agent.jar, agent-jvm.options,
#                  class-data.sh and hub-heap, as lab/smoke.sh lays them out:
#   docker build --build-arg JARS=prebuilt --target hub -t fleetglance-hub -f Dockerfile DIR_WITH_THE_JARS
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre
ARG JARS=build

FROM ${BUILD_IMAGE} AS build
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
 && cp agent/target/fleetglance-agent-*-all.jar /out/fleetglance-agent.jar \
 && cp agent/jvm.options /out/agent-jvm.options
COPY packaging/class-data.sh packaging/hub-heap /out/


# Jars built outside any image (mvn package), copied from a context that holds nothing else.
FROM scratch AS prebuilt
COPY fleetglance-hub.jar fleetglance-agent.jar agent-jvm.options class-data.sh hub-heap /out/


FROM ${JARS} AS jars


# Class-data archives (AppCDS) made by the runtime image's own JDK for the jars at the paths the images run them from:
# a hub and an agent run on loopback for a few seconds, and each maps the classes it listed instead of parsing them.
FROM ${RUNTIME_IMAGE} AS class-data
COPY --from=jars /out/ /opt/fleetglance/
RUN AGENT_JAVA_OPTS="$(cat /opt/fleetglance/agent-jvm.options)" HUB_JAVA_OPTS="-XX:MaxRAMPercentage=50 -Xms16m" \
    bash /opt/fleetglance/class-data.sh /opt/fleetglance/fleetglance-hub.jar /opt/fleetglance/fleetglance-agent.jar \
      /opt/fleetglance


FROM ${RUNTIME_IMAGE} AS hub
# curl is only for the health check; a runtime image that already has it needs no package index.
RUN (command -v curl >/dev/null || (apt-get update \
      && apt-get install -y --no-install-recommends curl \
      && rm -rf /var/lib/apt/lists/*)) \
 && useradd --system --uid 10001 --user-group --create-home --home-dir /home/fleetglance fleetglance \
 && mkdir -p /var/lib/fleetglance && chown fleetglance:fleetglance /var/lib/fleetglance
COPY --from=class-data /opt/fleetglance/fleetglance-hub.jar /opt/fleetglance/fleetglance-hub.jsa \
  /opt/fleetglance/hub-heap /opt/fleetglance/
USER fleetglance
WORKDIR /home/fleetglance
ENV HUB_JAVA_OPTS="-XX:MaxRAMPercentage=50 -Xms16m"
EXPOSE 61208 61209
# The REST port is FLEETGLANCE_PORT when set (then the health check follows it), else the hub's default.
HEALTHCHECK --interval=5s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${FLEETGLANCE_PORT:-61208}/api/4/status" || exit 1
# The hub's store (hosts, events, history): keep it on a volume, or the fleet is forgotten with the container.
VOLUME /var/lib/fleetglance
# Options after the image name go to `fleetglance hub` (e.g. --no-local-agent, -C /etc/glances/glances.conf).
# FLEETGLANCE_PORT and FLEETGLANCE_INGEST_PORT, when set, become --port and --ingest-port.
# A hub out of memory exits (and is restarted) instead of hanging, whatever HUB_JAVA_OPTS says. Its JVM is sized for
# the fleet it knew when it last ran (hub-heap: its heap bound, and a small or a large fleet's collector and compiler;
# an -Xmx or a collector in HUB_JAVA_OPTS wins).
ENTRYPOINT ["sh", "-c", "exec java $(sh /opt/fleetglance/hub-heap /var/lib/fleetglance $HUB_JAVA_OPTS) -XX:+ExitOnOutOfMemoryError $HUB_JAVA_OPTS -XX:SharedArchiveFile=/opt/fleetglance/fleetglance-hub.jsa -jar /opt/fleetglance/fleetglance-hub.jar hub --state-dir /var/lib/fleetglance ${FLEETGLANCE_PORT:+--port \"$FLEETGLANCE_PORT\"} ${FLEETGLANCE_INGEST_PORT:+--ingest-port \"$FLEETGLANCE_INGEST_PORT\"} \"$@\"", "fleetglance-hub"]


FROM ${RUNTIME_IMAGE} AS agent
RUN useradd --system --uid 10001 --user-group --create-home --home-dir /home/fleetglance fleetglance
COPY --from=class-data /opt/fleetglance/fleetglance-agent.jar /opt/fleetglance/fleetglance-agent.jsa \
  /opt/fleetglance/agent-jvm.options /opt/fleetglance/
# A container agent reads its own container as any user can. To watch the machine instead, run it as root with the
# host's root mounted at /host, FLEETGLANCE_ROOT=/host, and the host's pid and network namespaces (see the agent-host
# service of docker-compose.yml): root is what lets it read every process's io counters and open files.
USER fleetglance
WORKDIR /home/fleetglance
# The agent must stay small on every host: the same tuned flags as ./fleetglance agent (agent/jvm.options), unless
# AGENT_JAVA_OPTS is set. glibc keeps two malloc arenas instead of one per thread.
ENV MALLOC_ARENA_MAX=2
# Configured by FLEETGLANCE_HUB (required), FLEETGLANCE_NAME, FLEETGLANCE_TOKEN, FLEETGLANCE_ROOT, or by options
# after the image name (--hub, --name, --period, ...).
ENTRYPOINT ["sh", "-c", "exec java ${AGENT_JAVA_OPTS:-$(cat /opt/fleetglance/agent-jvm.options)} -XX:SharedArchiveFile=/opt/fleetglance/fleetglance-agent.jsa -jar /opt/fleetglance/fleetglance-agent.jar \"$@\"", "fleetglance-agent"]
