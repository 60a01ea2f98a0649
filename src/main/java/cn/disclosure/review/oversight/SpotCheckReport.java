package cn.disclosure.review.oversight;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The 通报 of a closed spot check: scope and basis, frame and sample, the draw's commitment, the
 * computed confidence statement, results by department, and each problem with its 整改 deadline and
 * status.
 */
public record SpotCheckReport(long id, String title, String kind, String kindLabel, String basis, String scope,
                              LocalDate from, LocalDate to, String drawnBy, OffsetDateTime drawnAt, String closedBy,
                              OffsetDateTime closedAt, int frameSize, int sampleSize, String seed, String frameHash,
                              String algorithm, long auditSeq, boolean verified, double maxProblemRate,
                              Confidence.Statement confidence, String method, List<DepartmentLine> byDepartment,
                              List<ProblemLine> problems, String summary, OffsetDateTime generatedAt) {

    public record DepartmentLine(String department, int sampled, int ok, int problems) {
    }

    public record ProblemLine(long publicationId, String title, String department, String channel, String url,
                              String problem, String problemLabel, String note, LocalDate deadline, Long rectificationId,
                              String rectificationStatus, OffsetDateTime rectifiedAt, boolean overdue) {
    }

    static SpotCheckReport of(SpotCheckViews.Detail d, SpotCheckViews.Verification v, LocalDate today,
                              OffsetDateTime now) {
        Map<String, int[]> depts = new TreeMap<>();
        List<ProblemLine> problems = new ArrayList<>();
        int k = 0;
        for (SpotCheckViews.Item i : d.items()) {
            String dept = i.publication() == null ? "" : i.publication().department();
            int[] c = depts.computeIfAbsent(dept, x -> new int[3]);
            c[0]++;
            if ("PROBLEM".equals(i.result())) {
                c[2]++;
                k++;
                SpotCheckViews.Rectification r = i.rectification();
                LocalDate deadline = r != null && r.deadline() != null ? r.deadline() : i.deadline();
                boolean done = r != null && "CLOSED".equals(r.status());
                String status = r == null ? "未建立整改事项" : done ? "已整改" : "整改中";
                OffsetDateTime rectifiedAt = r == null ? null : r.closedAt();
                boolean overdue = deadline != null && (done ? rectifiedAt != null && rectifiedAt.toLocalDate().isAfter(deadline)
                        : today.isAfter(deadline));
                problems.add(new ProblemLine(i.publication().publicationId(), i.publication().title(), dept,
                        i.publication().channelLabel(), i.publication().url(), i.problem(), i.problemLabel(), i.note(),
                        deadline, r == null ? null : r.id(), status, rectifiedAt, overdue));
            } else {
                c[1]++;
            }
        }
        List<DepartmentLine> lines = new ArrayList<>();
        depts.forEach((name, c) -> lines.add(new DepartmentLine(name, c[0], c[1], c[2])));
        String scope = (d.department() == null ? "全部部门" : d.department()) + "在 " + d.from() + " 至 " + d.to()
                + " 期间发布并登记的信息（截至 " + d.frameUntil().toLocalDate() + "）";
        String method = "从抽样框（" + d.frameSize() + " 条发布登记，按登记号排序）中按种子用 SHA-256 不放回随机抽取 "
                + d.sampleSize() + " 条" + (d.strata().isEmpty() ? "" : "，按" + strataLabel(d.strata()) + "分层、按比例分配")
                + "；种子和抽样框哈希在抽取时写入审计日志第 " + d.auditSeq() + " 条。问题率上限按二项分布精确（Clopper–Pearson）单侧置信上限计算"
                + (d.strata().isEmpty() ? "。" : "（分层抽样时为近似）。");
        return new SpotCheckReport(d.id(), d.title(), d.kind(), d.kindLabel(), d.basis(), scope, d.from(), d.to(),
                d.createdBy(), d.createdAt(), d.closedBy(), d.closedAt(), d.frameSize(), d.sampleSize(), d.seed(),
                d.frameHash(), d.algorithm(), d.auditSeq(), v.ok(), d.maxProblemRate(),
                Confidence.statement(d.items().size(), k, d.confidence()), method, lines, problems, d.summary(), now);
    }

    private static String strataLabel(List<String> strata) {
        List<String> l = new ArrayList<>();
        for (String s : strata) {
            l.add(s.equals("department") ? "部门" : "发布渠道");
        }
        return String.join("和", l);
    }
}
