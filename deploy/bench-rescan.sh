#!/usr/bin/env bash
# Service-level rescan benchmark (issue 10): what a 10-term lexicon change costs in the running
# service, with PostgreSQL — the candidates' publications and stored parts read in batches, the
# confirmation, and every hit recorded with its 整改 item, audit line and rescan.hit webhook event.
#
#   REVIEW_DATA_DIR=/tmp/rescan-bench QUARKUS_HTTP_PORT=8095 bash deploy/run.sh   # a fresh data directory
#   bash deploy/bench-rescan.sh /tmp/rescan-bench http://127.0.0.1:8095 [candidates]
#
# Inserts N published items (default 24,413: the candidates the 10 new terms find among the
# 1,000,000 items of bench/RegisterIndexBench) straight into the service's embedded PostgreSQL as its
# superuser — each a ~330-character notice carrying one of the 12 sentences of that benchmark (10
# with a new term, 2 near misses) — rebuilds the register index through the API, then replaces
# sensitive-terms with the shipped file plus the 10 terms and waits for the rescan it starts.
# Loopback only; the data directory is the benchmark's own (the rows stay there).
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:?data directory of the running service}
base=${2:-http://127.0.0.1:8080}
n=${3:-24413}
port=$(sed -n 4p "$data/pg/postmaster.pid")
export PGPASSWORD
PGPASSWORD=$(cat "$data/secrets/db-superuser-password")
sql() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres "$@"; }

echo "inserting $n published items…"
t0=$(date +%s%N)
sql <<SQL
begin;
create temporary table planted (k int primary key, sentence text not null);
insert into planted values
 (0,'本项目标底价格为1200万元，请投标人注意。'),(1,'附件为内部工作方案，请勿外传。'),(2,'来信附有信访人身份信息，已退回。'),
 (3,'评标专家库抽取结果已封存。'),(4,'会议通报了涉密人员名单调整情况。'),(5,'拟任人选考察意见已报组织部。'),
 (6,'相关敏感信息清单由办公室统一管理。'),(7,'请各单位于月底前报送核心涉密岗位人员情况。'),(8,'文件标注内部资料注意保存字样。'),
 (9,'会议研究了尚未公开的统计数据发布安排。'),(10,'项目标底价格局已经形成。'),(11,'各单位要区分内部工作方案和对外公开文件，做好保密宣传教育。');
create temporary table item as
select g as i,
       '关于做好第' || g || '批重点工作的通知' as title,
       (array['办公室','财政局','教育局','卫生健康委','住房城乡建设局','交通运输局'])[1 + g % 6] as department,
       '各科室、各单位：为进一步做好相关工作，现将有关事项通知如下：一、提高认识，加强组织领导，确保各项工作落到实处。'
         || (select sentence from planted where k = g % 12)
         || '二、明确分工，细化工作措施，按时报送工作进展情况。三、加强督促检查，对工作推进不力的单位予以通报。联系电话：0571-8' || lpad((g % 1000000)::text, 7, '0')
         || '。特此通知。第' || g || '号' as body,
       timestamptz '2024-01-01 08:00+08' + (g || ' minutes')::interval as at
from generate_series(1, $n) g;
insert into draft (title, channel, department, submitter, state, current_revision, step_since, created_at, updated_at)
select title, 'WEBSITE', department, 'bench', 'PUBLISHED', 1, at, at, at from item order by i;
create temporary table d as select id as draft_id, row_number() over (order by id) as i from draft where submitter = 'bench';
insert into draft_revision (draft_id, number, title, channel, body, content_hash, text_hash, titled_text_hash, created_by, created_at)
select d.draft_id, 1, item.title, 'WEBSITE', item.body, md5(item.body) || md5(item.title), md5(item.body) || md5('t'), md5(item.title || item.body) || md5('tt'), 'bench', item.at
from item join d on d.i = item.i;
insert into revision_part (revision_id, position, name, origin, text)
select r.id, 0, 'title', 'VISIBLE', r.title from draft_revision r join d on d.draft_id = r.draft_id;
insert into revision_part (revision_id, position, name, origin, text)
select r.id, 1, 'body', 'VISIBLE', r.body from draft_revision r join d on d.draft_id = r.draft_id;
insert into publication (draft_id, revision_id, revision, channel, url, title, department, submitter, content_hash, verdict, published_at, published_by, via)
select r.draft_id, r.id, 1, 'WEBSITE', 'http://127.0.0.1/bench/' || r.draft_id || '.html', r.title, dr.department, 'bench', r.content_hash, 'PASS', r.created_at, 'bench', 'EDITOR'
from draft_revision r join d on d.draft_id = r.draft_id join draft dr on dr.id = r.draft_id;
commit;
analyze;
SQL
echo "inserted in $(( ($(date +%s%N) - t0) / 1000000 )) ms"

curl -sf -o /dev/null -u admin:admin "$base/api/v1/lexicons"
echo "register index rebuild: $(curl -sf -u admin:admin -X POST "$base/api/v1/register/index/rebuild")"

terms=$(mktemp)
cp lexicons/sensitive-terms.tsv "$terms"
[ -z "$(tail -c1 "$terms")" ] || echo >> "$terms"
i=0
for t in 标底价格 内部工作方案 信访人身份信息 评标专家库 涉密人员名单 拟任人选考察意见 敏感信息清单 核心涉密岗位 内部资料注意保存 尚未公开的统计数据; do
  if [ $((i % 2)) -eq 0 ]; then sev=BLOCK; else sev=WARN; fi
  printf '%s\t%s\t基准测试新增词条\n' "$t" "$sev" >> "$terms"
  i=$((i + 1))
done
before=$(curl -sf -u admin:admin "$base/api/v1/rescans" | python3 -c 'import json,sys; print(max([r["id"] for r in json.load(sys.stdin)] or [0]))')
curl -sf -o /dev/null -w "PUT sensitive-terms (+10 terms): HTTP %{http_code} in %{time_total} s\n" -u admin:admin -X PUT \
  -H "Content-Type: text/tab-separated-values; charset=UTF-8" --data-binary @"$terms" "$base/api/v1/lexicons/sensitive-terms"
rm -f "$terms"
while true; do
  line=$(curl -sf -u admin:admin "$base/api/v1/rescans" | python3 -c '
import json, sys
runs = [r for r in json.load(sys.stdin) if r["id"] > int(sys.argv[1])]
if runs:
    r = max(runs, key=lambda r: r["id"])
    print(r["status"], r["progress"]["done"], r["progress"]["total"], r["hitCount"], r["startedAt"], r["finishedAt"] or "")
' "$before")
  case "$line" in
    DONE*|FAILED*) break ;;
  esac
  sleep 1
done
python3 - "$line" <<'PY'
import sys, datetime
status, done, total, hits, started, finished = sys.argv[1].split(" ")
p = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
print(f"rescan {status}: {done}/{total} candidates, {hits} hits, {(p(finished) - p(started)).total_seconds():.1f} s from start to finish")
PY
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
