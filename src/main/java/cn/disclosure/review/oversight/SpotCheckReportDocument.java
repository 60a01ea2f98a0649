package cn.disclosure.review.oversight;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** The 通报 as a {@link Documents.Doc} for xlsx and PDF. */
final class SpotCheckReportDocument {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private SpotCheckReportDocument() {
    }

    static Documents.Doc of(SpotCheckReport r, ZoneId zone) {
        List<Documents.Block> b = new ArrayList<>();
        b.add(new Documents.Heading("一、抽查范围和依据"));
        b.add(new Documents.Text("依据：" + r.basis()));
        b.add(new Documents.Text("范围：" + r.scope()));
        b.add(new Documents.Text("类型：" + r.kindLabel() + "；抽取人：" + r.drawnBy() + "（" + time(r.drawnAt(), zone) + "）；结束：" + nz(r.closedBy())
                + "（" + time(r.closedAt(), zone) + "）"));
        b.add(new Documents.Heading("二、抽样方法"));
        b.add(new Documents.Text("抽样框 " + r.frameSize() + " 条，样本 " + r.sampleSize() + " 条。" + r.method()));
        b.add(new Documents.Text("算法：" + r.algorithm() + "；种子：" + r.seed() + "；抽样框哈希：" + r.frameHash()
                + "；复核：" + (r.verified() ? "重新抽取结果一致" : "复核未通过，请查看 /verify")));
        b.add(new Documents.Heading("三、抽查结论"));
        b.add(new Documents.Text(r.confidence().text() + "（可容忍问题率 " + Confidence.percent(r.maxProblemRate(),
                java.math.RoundingMode.HALF_UP) + "）。"));
        if (r.summary() != null) {
            b.add(new Documents.Text("总结：" + r.summary()));
        }
        b.add(new Documents.Heading("四、各部门情况"));
        List<List<Object>> depts = new ArrayList<>();
        for (SpotCheckReport.DepartmentLine d : r.byDepartment()) {
            depts.add(List.of(d.department(), d.sampled(), d.ok(), d.problems()));
        }
        b.add(new Documents.Table("各部门情况", List.of("部门", "抽查数", "无问题", "有问题"), depts));
        b.add(new Documents.Heading("五、发现的问题及整改情况"));
        if (r.problems().isEmpty()) {
            b.add(new Documents.Text("未发现问题。"));
        }
        List<List<Object>> problems = new ArrayList<>();
        for (SpotCheckReport.ProblemLine p : r.problems()) {
            List<Object> row = new ArrayList<>();
            row.add(p.publicationId());
            row.add(p.title());
            row.add(p.department());
            row.add(p.channel());
            row.add(nz(p.url()));
            row.add(p.problemLabel());
            row.add(nz(p.note()));
            row.add(p.deadline() == null ? "" : p.deadline().toString());
            row.add(p.rectificationStatus() + (p.overdue() ? "（逾期）" : ""));
            row.add(time(p.rectifiedAt(), zone));
            problems.add(row);
        }
        b.add(new Documents.Table("问题及整改", List.of("登记号", "标题", "部门", "渠道", "网址", "问题类型", "说明", "整改期限",
                "整改情况", "整改完成时间"), problems));
        b.add(new Documents.Text("生成时间：" + time(r.generatedAt(), zone)));
        return new Documents.Doc("信息公开保密抽查通报：" + r.title(), b);
    }

    private static String time(OffsetDateTime t, ZoneId zone) {
        return t == null ? "" : TIME.format(t.atZoneSameInstant(zone));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
