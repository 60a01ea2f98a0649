#!/usr/bin/env bash
# Records the packaged service's class cache: train-class-cache.sh JAR CACHE
# deploy/start-java.sh records the cache on a run that finds none and writes it when that run
# stops; this script makes such a run on purpose, for the image (src/main/docker/Dockerfile.jvm,
# where the application directory is read-only at run time) and for ClassCacheIT. It starts the
# service twice in the demo profile with an embedded PostgreSQL in a temporary data directory, on
# loopback: once to set the data directory up (first start), once more as a restart — the start
# the cache is for — recording, until it is ready; then stops it and waits for the cache.
# REVIEW_TRAINING_PORT (default 18089) and the port after it must be free.
set -euo pipefail
jar=$1 cache=$2
here=$(cd "$(dirname "$0")" && pwd)
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
port=${REVIEW_TRAINING_PORT:-18089}
rm -f "$cache"

ready() {
  local status
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf 'GET /q/health/ready HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
  status=$(head -n 1 <&3 || true)
  exec 3>&-
  [[ $status == *" 200 "* ]]
}

# start_and_stop CLASS_CACHE: one start until ready, then SIGTERM and wait for the JVM to end
start_and_stop() {
  REVIEW_CLASS_CACHE=$1 REVIEW_DATA_DIR="$data/service" QUARKUS_PROFILE=demo REVIEW_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_HOST=127.0.0.1 \
    QUARKUS_HTTP_PORT=$port REVIEW_DB_PORT=$((port + 1)) \
    bash "$here/start-java.sh" "$jar" "$cache" >>"$data/service.log" 2>&1 &
  local pid=$! waited=0
  until ready 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null || [ "$waited" -ge 1800 ]; then
      echo "训练运行未能就绪，服务日志末尾：" >&2
      tail -n 40 "$data/service.log" >&2
      kill "$pid" 2>/dev/null || true
      return 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  kill -TERM "$pid"
  wait "$pid" || true
}

start_and_stop off
start_and_stop on
if [ ! -s "$cache" ]; then
  echo "类缓存未生成：$cache；服务日志末尾：" >&2
  tail -n 40 "$data/service.log" >&2
  exit 1
fi
echo "类缓存已生成：$cache（$(du -h "$cache" | cut -f1)）"
