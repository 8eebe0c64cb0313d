# syntax=docker/dockerfile:1
#
# One image per application, all from this file: MODULE is the module folder, which is
# also the application, image and Helm release name. The jar must be built first:
#
#   ./mvnw -DskipTests package
#   docker build --build-arg MODULE=tenant-service -t tenantry/tenant-service:$(git rev-parse --short HEAD) .
#
# See docs/deployment.md.

ARG BASE_IMAGE=eclipse-temurin:21-jre-noble

# --- extract: the fat jar split into Spring Boot's layers (dependencies change least) ---
FROM ${BASE_IMAGE} AS extract
ARG MODULE
WORKDIR /build
COPY ${MODULE}/target/${MODULE}.jar app.jar
# The health check needs the application's port: it is taken from the module's own
# application.yml (server.port), so that it is written in one place only.
RUN set -eu; \
	java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted; \
	port="$(awk '/^server:/ { s = 1; next } /^[^ #]/ { s = 0 } s && /^  port:/ { print $2; exit }' \
		extracted/application/BOOT-INF/classes/application.yml)"; \
	case "${port}" in \
		''|*[!0-9]*) echo "No numeric server.port in ${MODULE}'s application.yml (found '${port}')" >&2; exit 1 ;; \
	esac; \
	echo "${port}" > extracted/application/server-port

# --- runtime: JRE, the four layers, a user without privileges ---
FROM ${BASE_IMAGE}
ARG MODULE
LABEL org.opencontainers.image.title="${MODULE}" \
	org.opencontainers.image.vendor="Tenantry" \
	org.opencontainers.image.description="Tenantry ${MODULE}"

RUN groupadd --system --gid 10001 tenantry \
	&& useradd --system --uid 10001 --gid tenantry --home-dir /app --no-create-home --shell /usr/sbin/nologin tenantry

WORKDIR /app
COPY --from=extract /build/extracted/dependencies/ ./
COPY --from=extract /build/extracted/spring-boot-loader/ ./
COPY --from=extract /build/extracted/snapshot-dependencies/ ./
COPY --from=extract /build/extracted/application/ ./

# Container-aware memory: the heap is a share of the container's limit, not of the host.
# Replace the whole variable to tune (it is read by the java launcher only).
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=65.0 -XX:+ExitOnOutOfMemoryError"

# Numeric so that Kubernetes can check runAsNonRoot without resolving the name.
USER 10001:10001

# The readiness group (actuator), on the application's port, with the curl that the
# eclipse-temurin image ships; SERVER_PORT, when set, overrides the built-in port.
HEALTHCHECK --interval=15s --timeout=3s --start-period=120s --retries=3 \
	CMD ["/bin/sh", "-c", "curl -fsS -o /dev/null --max-time 2 \"http://127.0.0.1:${SERVER_PORT:-$(cat /app/server-port)}/actuator/health/readiness\""]

# exec form: the JVM is PID 1 and receives SIGTERM itself (graceful shutdown)
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
