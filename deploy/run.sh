#!/usr/bin/env bash
# Runs the service. Without QUARKUS_DATASOURCE_JDBC_URL it starts an embedded PostgreSQL whose
# data lives in REVIEW_DATA_DIR (default ./data). Builds the application first when needed.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=target/quarkus-app/quarkus-run.jar
if [ ! -f "$jar" ] || [ -n "$(find src pom.xml -newer "$jar" -print -quit)" ]; then
  echo "构建中（首次运行需下载依赖）…"
  mvn -B -q -DskipTests package
fi
# The parallel collector and a heap that starts at 1 GB: on two cores it serves more checks than G1
# with a lower p99, and a 100,000-term lexicon replacement (tens of megabytes of arrays at once) is
# not spent in a series of young collections while a small heap grows. Figures in README.
# Class-data sharing (AppCDS): the first run after a build records the classes it loaded into
# target/quarkus-app/app-cds.jsa when it stops; later runs map them instead of loading and verifying
# them again (start-up figures in docs/security/fleet-faults.md). A stale or unusable archive is
# ignored by the JVM. REVIEW_APPCDS=off turns it off.
cds=target/quarkus-app/app-cds.jsa
cds_opts=()
if [ "${REVIEW_APPCDS:-on}" != off ]; then
  if [ -f "$cds" ] && [ "$cds" -nt "$jar" ]; then
    cds_opts=(-XX:SharedArchiveFile="$cds" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off)
  else
    rm -f "$cds"
    cds_opts=(-XX:ArchiveClassesAtExit="$cds" -Xlog:cds=off -Xlog:cds+dynamic=off)
  fi
fi
exec java ${JAVA_OPTS:--XX:+UseParallelGC -Xms1g -Xmx2g} "${cds_opts[@]}" -Dquarkus.profile="${QUARKUS_PROFILE:-demo}" -jar "$jar" "$@"
