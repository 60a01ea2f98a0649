#!/usr/bin/env bash
# Starts the packaged service: start-java.sh JAR CACHE [service arguments…]
# Used by deploy/run.sh and by the image (src/main/docker/Dockerfile.jvm), so both start it alike.
#
# The JVM: REVIEW_JAVA when set; otherwise the newest of $JAVA_HOME/bin/java, the java on PATH and
# the JDKs under REVIEW_JVM_DIRS (default /usr/lib/jvm/*), read from each JDK's `release` file.
#
# The class cache at CACHE (REVIEW_CLASS_CACHE=off turns it off; start-up figures in
# docs/security/fleet-faults.md#start-up-time):
#  * JDK 25 or newer — an AOT cache (JEP 483/514/515: classes loaded and linked, method profiles).
#    A run without a cache newer than the jar is the training run, where the cache's directory can be
#    written: the cache is written when it stops (a child JVM assembles it; the stop takes some
#    seconds longer once). On a read-only file system (the image) a run records nothing. The jar is packaged
#    as quarkus.package.jar.type=aot-jar so that the application's classes can be cached too.
#  * older JDKs — an AppCDS archive recorded the same way (-XX:ArchiveClassesAtExit).
#  A stale or unusable cache is ignored by the JVM (it starts without one).
#
# JAVA_OPTS (default: the parallel collector with a 1 GB starting heap) come last and win.
# REVIEW_LAUNCH_DRY_RUN=1 prints the command, one word per line, instead of running it.
set -euo pipefail
jar=$1 cache=$2
shift 2

# the feature version of JDK home $1 ("25" for 25.0.3, "8" for 1.8.0), or nothing
jdk_version() {
  local v
  v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$1/release" 2>/dev/null | head -n 1)
  v=${v#1.}
  v=${v%%[.+-]*}
  case $v in '' | *[!0-9]*) return 1 ;; esac
  echo "$v"
}

java_bin=${REVIEW_JAVA:-}
version=0
if [ -n "$java_bin" ]; then
  version=$(jdk_version "$(dirname "$(dirname "$(readlink -f "$java_bin")")")" || echo 0)
else
  candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  on_path=$(command -v java || true)
  [ -n "$on_path" ] && candidates+=("$on_path")
  # shellcheck disable=SC2206  # a glob pattern, split on purpose
  for dir in ${REVIEW_JVM_DIRS:-/usr/lib/jvm/*}; do
    candidates+=("$dir/bin/java")
  done
  for c in "${candidates[@]}"; do
    [ -x "$c" ] || continue
    v=$(jdk_version "$(dirname "$(dirname "$(readlink -f "$c")")")") || continue
    if [ "$v" -gt "$version" ]; then
      java_bin=$c version=$v
    fi
  done
  if [ -z "$java_bin" ]; then
    java_bin=${on_path:-java}
  fi
fi

cache_opts=()
fresh="" record=""
if [ "${REVIEW_CLASS_CACHE:-on}" != off ]; then
  [ -f "$cache" ] && [ "$cache" -nt "$jar" ] && fresh=1
  # a run records a cache only where it can write one (the image's file system is read-only)
  [ -z "$fresh" ] && [ -w "$(dirname "$cache")" ] && rm -f "$cache" && record=1
fi
if [ "$version" -ge 25 ]; then
  [ -n "$fresh" ] && cache_opts=(-XX:AOTCache="$cache")
  [ -n "$record" ] && cache_opts=(-XX:AOTCacheOutput="$cache")
  # the cache's own notes (classes it skips, stubs it re-creates) are not the service's log
  [ ${#cache_opts[@]} -gt 0 ] && cache_opts+=(-Xlog:aot=off -Xlog:aot+codecache=off -Xlog:aot+codecache+stubs=off -Xlog:cds=off)
else
  [ -n "$fresh" ] && cache_opts=(-XX:SharedArchiveFile="$cache" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off)
  [ -n "$record" ] && cache_opts=(-XX:ArchiveClassesAtExit="$cache" -Xlog:cds=off -Xlog:cds+dynamic=off)
fi
native_opts=()
# Lucene maps its index with the foreign-memory API (JDK 22+ asks for the permission)
[ "$version" -ge 22 ] && native_opts=(--enable-native-access=ALL-UNNAMED)

# shellcheck disable=SC2206  # JAVA_OPTS is a list of options, split on purpose
command=("$java_bin" "${cache_opts[@]}" "${native_opts[@]}" ${JAVA_OPTS:--XX:+UseParallelGC -Xms1g -Xmx2g} -jar "$jar" "$@")
if [ -n "${REVIEW_LAUNCH_DRY_RUN:-}" ]; then
  printf '%s\n' "${command[@]}"
  exit 0
fi
exec "${command[@]}"
