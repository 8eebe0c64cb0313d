#!/usr/bin/env bash
# Audit ingest benchmark: ./benchmarks/run-audit-ingest.sh [events]   (default 100000)
# Builds, starts the suite on offset ports, measures, appends to benchmarks/results/audit-ingest.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source .mvn/find-jdk.sh
./mvnw -B -q -DskipTests package 2> >(grep -v '^WARNING: ' >&2)
exec "$JAVA_HOME/bin/java" -cp "benchmarks/target/benchmarks.jar:benchmarks/target/lib/*" \
  io.tenantry.benchmarks.AuditIngestBenchmark "$@"
