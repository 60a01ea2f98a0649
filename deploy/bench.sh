#!/usr/bin/env bash
# Benchmarks (figures in README). Usage:
#   bash deploy/bench.sh text [regex]   JMH: engine vs raw HanLP Aho-Corasick vs houbb sensitive-word
#   bash deploy/bench.sh lexicon        time to load/replace a 100,000-term lexicon through the API
#   bash deploy/bench.sh http           wrk load on POST /api/v1/check with a 5,000-character draft
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-text}
case "$what" in
  text)
    mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp
    exec java -Xmx6g -cp "target/test-classes:target/classes:$(cat target/bench.cp)" cn.disclosure.review.bench.BenchMain "${2:-cn.disclosure.review.bench.*Benchmark.*}"
    ;;
  *)
    echo "unknown benchmark: $what" >&2; exit 2 ;;
esac
