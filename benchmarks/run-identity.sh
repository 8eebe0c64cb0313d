#!/usr/bin/env bash
# Identity benchmark: ./benchmarks/run-identity.sh [seconds per phase]   (default 30)
# 1. JMH: one Argon2id hash and verify (user-service's PasswordHashBenchmark), one thread.
# 2. The suite on offset ports: logins, refreshes and client_credentials grants through the
#    gateway, compared with the JMH baseline; appends to benchmarks/results/identity.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source .mvn/find-jdk.sh
./mvnw -B -q -DskipTests package 2> >(grep -v '^WARNING: ' >&2)
mkdir -p benchmarks/target
./mvnw -B -q -pl user-service dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$PWD/benchmarks/target/user-service-test.classpath" 2> >(grep -v '^WARNING: ' >&2)

"$JAVA_HOME/bin/java" -cp "user-service/target/test-classes:user-service/target/classes:$(cat benchmarks/target/user-service-test.classpath)" \
  org.openjdk.jmh.Main 'io.tenantry.user.password.PasswordHashBenchmark' -wi 5 -w 2 -i 10 -r 2 \
  -rf json -rff benchmarks/target/password-hash.json
exec "$JAVA_HOME/bin/java" -cp "benchmarks/target/benchmarks.jar:benchmarks/target/lib/*" \
  io.tenantry.benchmarks.IdentityBenchmark "${1:-30}" benchmarks/target/password-hash.json
