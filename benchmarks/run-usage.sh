#!/usr/bin/env bash
# Usage metering benchmark: ./benchmarks/run-usage.sh [seconds per ingest phase] [calls] [profile]
#   (defaults 20, 2000; "profile": each phase once more under JFR, in benchmarks/target/usage-profile)
# The suite on offset ports; usage ingest through the gateway (single records, batches of 100
# and 1,000) beside plain JDBC batch inserts; stats over a year of hourly rollups beside their
# SQL; the entitlement check beside its SQL. Appends to benchmarks/results/usage.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source .mvn/find-jdk.sh
./mvnw -B -q -DskipTests package 2> >(grep -v '^WARNING: ' >&2)
exec "$JAVA_HOME/bin/java" -cp "benchmarks/target/benchmarks.jar:benchmarks/target/lib/*" \
  io.tenantry.benchmarks.UsageBenchmark "$@"
