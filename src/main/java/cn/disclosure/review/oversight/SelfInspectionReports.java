package cn.disclosure.review.oversight;

import cn.disclosure.review.core.ServiceZone;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;

/** The 自查自评 table and the office roll-up as xlsx and PDF. */
@ApplicationScoped
public class SelfInspectionReports {
    @Inject
    OversightConfig config;
    @Inject
    ServiceZone zone;

    static Documents.Doc doc(SelfInspection.Report r) {
        List<List<Object>> rows = new ArrayList<>();
        int n = 1;
        for (SelfInspection.Row x : r.items()) {
            rows.add(List.of(n++, x.text(), "SYSTEM".equals(x.source()) ? "系统评价" : "部门填报", x.answer(),
                    x.rate() == null ? "" : Math.round(x.rate() * 1000) / 10.0 + "%", x.score(), x.weight(), x.basis(),
                    String.join("\n", x.evidence()), files(x)));
        }
        List<Documents.Block> b = new ArrayList<>();
        b.add(new Documents.Text("部门：" + r.department() + "；年度：" + r.year() + "；得分：" + r.score()));
        b.add(new Documents.Table("自查项目", List.of("序号", "检查项目", "来源", "结果", "比率", "得分", "权重", "依据", "例外和佐证", "佐证文件（名称和 SHA-256）"), rows));
        return new Documents.Doc(r.year() + " 年度信息公开保密自查自评（" + r.department() + "）", b);
    }

    /** The evidence files of a row: name and SHA-256 each, never content. */
    static String files(SelfInspection.Row x) {
        List<String> out = new ArrayList<>();
        for (EvidenceFiles.FileInfo f : x.files()) {
            out.add(f.name() + "（SHA-256 " + f.sha256() + "，" + f.uploadedBy() + " 上传）");
        }
        return String.join("\n", out);
    }

    static Documents.Doc doc(SelfInspection.RollUp r) {
        List<List<Object>> rows = new ArrayList<>();
        for (SelfInspection.DepartmentScore d : r.departments()) {
            rows.add(List.of(d.department(), d.score(), d.published(), d.answered(), d.unanswered()));
        }
        return new Documents.Doc(r.year() + " 年度信息公开保密自查自评汇总", List.of(
                new Documents.Table("各部门得分", List.of("部门", "得分", "全年发布", "已填报项目", "未填报项目"), rows)));
    }

    byte[] xlsx(SelfInspection.Report r) {
        return Documents.xlsx(doc(r));
    }

    byte[] xlsx(SelfInspection.RollUp r) {
        return Documents.xlsx(doc(r));
    }

    byte[] pdf(SelfInspection.Report r) {
        return Documents.pdf(doc(r), config.pdfFont(), config.pdfFontName());
    }

    byte[] pdf(SelfInspection.RollUp r) {
        return Documents.pdf(doc(r), config.pdfFont(), config.pdfFontName());
    }
}
