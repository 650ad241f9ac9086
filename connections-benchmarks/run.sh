#!/usr/bin/env bash
# Builds the benchmarks jar from this reactor (no `mvn install`) and runs every benchmark with its
# baseline, printing one table. About 25 minutes on 2 cores with PostgreSQL and MariaDB.
#
#   connections-benchmarks/run.sh                      # everything
#   connections-benchmarks/run.sh ResolveBenchmark     # only some benchmark classes
#   BENCH_QUICK=true connections-benchmarks/run.sh     # 1 s warm-up and measurement: a smoke run
#   BENCH_UPDATE_DOCS=true connections-benchmarks/run.sh  # also rewrite docs/BENCHMARKS.md's generated section
#   BENCH_RUNS=5 connections-benchmarks/run.sh          # runs per pair (default 3); the ratio is their median
#
# PostgreSQL benchmarks run when CONNECTIONS_BENCH_POSTGRES_URL (or CONNECTIONS_TEST_POSTGRES_URL) is
# set, e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres; MariaDB ones when
# CONNECTIONS_BENCH_MARIADB_URL (or CONNECTIONS_TEST_MARIADB_URL) is, e.g.
# jdbc:mariadb://127.0.0.1:3306/test?user=root&password=
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
cd "$root"
mvn -q -B -pl connections-benchmarks -am package -DskipTests
docs=()
if [[ "${BENCH_UPDATE_DOCS:-false}" == true ]]; then
  docs=(-Dbench.docs="$root/docs/BENCHMARKS.md")
fi
exec java -Xmx2g -Djdk.attach.allowAttachSelf=true \
  -Dbench.quick="${BENCH_QUICK:-false}" \
  ${BENCH_RUNS:+-Dbench.runs="$BENCH_RUNS"} \
  "${docs[@]}" \
  -Dbench.output="$here/target/benchmark-table.md" \
  -jar "$here/target/benchmarks.jar" "$@"
