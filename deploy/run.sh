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
# The JVM and its options are chosen by deploy/start-java.sh (the image starts the service with it
# too): the newest JDK on the machine; the parallel collector with a 1 GB starting heap (on two
# cores it serves more checks than G1 with a lower p99, figures in README); a class cache in
# target/quarkus-app recorded by the first run after a build and used by the later ones (JDK 25+:
# an AOT cache; older JDKs: AppCDS; REVIEW_CLASS_CACHE=off turns it off). Start-up figures in
# docs/security/fleet-faults.md#start-up-time.
export QUARKUS_PROFILE="${QUARKUS_PROFILE:-demo}"
exec bash deploy/start-java.sh "$jar" target/quarkus-app/app.aot "$@"
