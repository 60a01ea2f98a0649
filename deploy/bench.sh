#!/usr/bin/env bash
# Benchmarks (figures in README). Usage:
#   bash deploy/bench.sh text [regex]   JMH: engine vs raw HanLP Aho-Corasick vs houbb sensitive-word
#   bash deploy/bench.sh lexicon        time to load/replace a 100,000-term lexicon through the API
#   bash deploy/bench.sh http           wrk load on POST /api/v1/check with a 5,000-character draft
#   bash deploy/bench.sh isolation [n]  per-file cost of parsing in a worker process (warm) vs in-process
#   bash deploy/bench.sh ocr [scan|accuracy] [engines] [pages]
#                                       OCR engines on generated 300 dpi scans (docs/ocr.md)
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-text}
case "$what" in
  text)
    mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp
    exec java -Xmx6g -cp "target/test-classes:target/classes:$(cat target/bench.cp)" cn.disclosure.review.bench.BenchMain "${2:-cn.disclosure.review.bench.*Benchmark.*}"
    ;;
  files)
    mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp
    java -cp "target/test-classes:target/classes:$(cat target/bench.cp)" cn.disclosure.review.bench.BenchFiles target/bench
    ;;
  lexicon)
    # needs a running service (bash deploy/run.sh) and target/bench from "files"
    base=${REVIEW_URL:-http://127.0.0.1:8080}
    # sign in once first: the first request of an account after start pays for bcrypt, whatever it asks
    curl -s -o /dev/null -w "sign-in (GET /api/v1/lexicons): HTTP %{http_code} in %{time_total} s\n" -u "${REVIEW_ADMIN:-admin:admin}" "$base/api/v1/lexicons"
    for i in 1 2 3; do
      curl -s -o /dev/null -w "PUT 100,000 terms: HTTP %{http_code} in %{time_total} s\n" -u "${REVIEW_ADMIN:-admin:admin}" \
        -X PUT -H "Content-Type: text/tab-separated-values" --data-binary @target/bench/lexicon-100k.tsv "$base/api/v1/lexicons/bench-100k"
    done
    ;;
  http)
    # needs a running service and target/bench from "files"; loopback only
    base=${REVIEW_URL:-http://127.0.0.1:8080}
    curl -s -o /dev/null -u cms:cms -H "Content-Type: application/json" --data-binary @target/bench/check-5000.json "$base/api/v1/check"
    # warm-up: with both cores busy serving, the JIT needs a minute or two to compile the hot path
    wrk -t2 -c32 -d${REVIEW_BENCH_WARMUP:-120}s -s deploy/bench-check.lua "$base/api/v1/check" >/dev/null
    for c in 16 32; do
      echo "== $c connections"
      wrk -t2 -c$c -d30s -s deploy/bench-check.lua "$base/api/v1/check" | sed -n '/^requests/,$p'
    done
    ;;
  ocr)
    mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp
    exec java -Xmx3g -cp "target/test-classes:target/classes:$(cat target/bench.cp)" cn.disclosure.review.bench.OcrBench "${@:2}"
    ;;
  scan)
    # the service must be running (bash deploy/run.sh); arguments: [base-url] [pages, e.g. 1,10,50]
    mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp
    exec java -cp "target/test-classes:target/classes:$(cat target/bench.cp)" cn.disclosure.review.bench.ScanReviewBench "${@:2}"
    ;;
  isolation)
    # per-file cost of parsing in a worker process vs in the service's JVM (docs/security/parsing-isolation.md)
    mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp
    exec java -cp "target/test-classes:target/classes:$(cat target/bench.cp)" cn.disclosure.review.bench.IsolationBench "${@:2}"
    ;;
  *)
    echo "unknown benchmark: $what" >&2; exit 2 ;;
esac
