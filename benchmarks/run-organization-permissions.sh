#!/usr/bin/env bash
# Effective-permissions benchmark: ./benchmarks/run-organization-permissions.sh [calls]   (default 2000)
# The suite on offset ports; 10,000 organizations and 100,000 memberships written into
# organization-service's database; the API call through the gateway beside its plain SQL.
# Appends to benchmarks/results/organization-permissions.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source .mvn/find-jdk.sh
./mvnw -B -q -DskipTests package 2> >(grep -v '^WARNING: ' >&2)
exec "$JAVA_HOME/bin/java" -cp "benchmarks/target/benchmarks.jar:benchmarks/target/lib/*" \
  io.tenantry.benchmarks.OrganizationPermissionsBenchmark "$@"
