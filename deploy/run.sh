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
# -Xms1g: a 100,000-term lexicon replacement allocates tens of megabytes of arrays at once; a heap
# that starts small spends the first replacements in young collections while it grows.
exec java ${JAVA_OPTS:--Xms1g -Xmx2g} -Dquarkus.profile="${QUARKUS_PROFILE:-demo}" -jar "$jar" "$@"
