#!/usr/bin/env bash
# Audit query latency benchmark: ./benchmarks/run-audit-query.sh [entries] [calls]   (defaults 1000000, 300)
# Builds, starts the suite on offset ports, loads the log through Kafka, measures, appends to
# benchmarks/results/audit-query.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source .mvn/find-jdk.sh
./mvnw -B -q -DskipTests package 2> >(grep -v '^WARNING: ' >&2)
exec "$JAVA_HOME/bin/java" -cp "benchmarks/target/benchmarks.jar:benchmarks/target/lib/*" \
  io.tenantry.benchmarks.AuditQueryBenchmark "$@"
