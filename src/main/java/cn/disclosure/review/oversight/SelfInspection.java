package cn.disclosure.review.oversight;

import cn.disclosure.review.core.Channel;
import cn.disclosure.review.core.Roles;
import cn.disclosure.review.core.ServiceZone;
import cn.disclosure.review.identity.CurrentUser;
import cn.disclosure.review.audit.AuditLog;
import cn.disclosure.review.rectify.Rectification;
import cn.disclosure.review.reminder.Reminders;
import cn.disclosure.review.web.ProblemException;
import cn.disclosure.review.workflow.Publication;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * 自查自评 for the annual appraisal (年度考核): the seed's checklist for information disclosure, one
 * row per item, for one department and year. Items the service can answer come from its records
 * with the evidence (审查审批手续完备率 with the exceptions, 信息发布登记完整率, spot-check results, 整改
 * in time, 保密提醒 on every channel); the others are answered by the department. Each row scores
 * 0–1 (a rate is its score; 是 1, 部分 0.5, 否 or no answer 0) and the department's score is the
 * weighted mean × 100 (weights {@code review.oversight.weights."<ITEM>"}, default 1).
 */
@ApplicationScoped
public class SelfInspection {

    /** A checklist item: code, text, and whether the department answers it. */
    public record ChecklistItem(String code, String text, boolean answeredByDepartment) {
    }

    public static final List<ChecklistItem> CHECKLIST = List.of(
            new ChecklistItem("APPROVAL_COMPLETE", "信息公开前均经审查审批，审查审批手续完备", false),
            new ChecklistItem("REGISTER_COMPLETE", "信息发布登记完整", false),
            new ChecklistItem("SPOT_CHECKS", "保密办抽查和本部门检查未发现问题", false),
            new ChecklistItem("RECTIFIED_IN_TIME", "发现的问题均按期整改", false),
            new ChecklistItem("REMINDERS", "门户网站、微博、公众号等发布渠道均设置保密提醒", false),
            new ChecklistItem("SYSTEM", "建立信息公开保密审查制度并严格执行", true),
            new ChecklistItem("LEADERSHIP", "有领导分管、专人负责信息公开保密审查工作", true),
            new ChecklistItem("NO_MARKED_ONLINE", "未在门户网站、微博、公众号发布标密信息，未将标密文件掩盖密级扫描、摘录后公开", true),
            new ChecklistItem("TRAINING", "开展信息公开保密教育培训", true));

    /** One row: the answer, its score, where it comes from and the evidence. */
    public record Row(String code, String text, String source, String answer, Double rate, double score, double weight,
                      String basis, List<String> evidence, String answeredBy, OffsetDateTime answeredAt,
                      List<EvidenceFiles.FileInfo> files) {
    }

    public record Report(int year, String department, double score, List<Row> items, OffsetDateTime generatedAt) {
    }

    /** The office roll-up: one line per department. */
    public record RollUp(int year, List<DepartmentScore> departments, OffsetDateTime generatedAt) {
    }

    public record DepartmentScore(String department, double score, int published, int answered, int unanswered) {
    }

    /** Body of {@code PUT …/answers}: item code → {answer, evidence}. */
    public record Answer(String answer, String evidence) {
    }

    @Inject
    CurrentUser user;
    @Inject
    ServiceZone zone;
    @Inject
    PublicationFacts facts;
    @Inject
    Reminders reminders;
    @Inject
    OversightConfig config;
    @Inject
    AuditLog audit;
    @Inject
    EvidenceFiles evidenceFiles;

    @Transactional
    public Report report(int year, String department) {
        String dept = scope(department);
        checkYear(year);
        OffsetDateTime start = LocalDate.of(year, 1, 1).atStartOfDay(zone.zone()).toOffsetDateTime();
        OffsetDateTime end = LocalDate.of(year + 1, 1, 1).atStartOfDay(zone.zone()).toOffsetDateTime();
        List<Publication> pubs = Publication.list("department = ?1 and publishedAt >= ?2 and publishedAt < ?3 order by id",
                dept, start, end);
        List<PublicationFacts.Facts> all = facts.of(pubs);
        Map<String, SelfInspectionAnswer> answers = new LinkedHashMap<>();
        for (SelfInspectionAnswer a : SelfInspectionAnswer.<SelfInspectionAnswer>list("key.year = ?1 and key.department = ?2", year, dept)) {
            answers.put(a.key.item, a);
        }
        Map<String, List<EvidenceFiles.FileInfo>> files = evidenceFiles.list(year, dept);
        List<Row> rows = new ArrayList<>();
        for (ChecklistItem item : CHECKLIST) {
            double weight = config.weights().getOrDefault(item.code(), 1.0);
            rows.add(item.answeredByDepartment()
                    ? answered(item, answers.get(item.code()), weight, files.getOrDefault(item.code(), List.of()))
                    : automatic(item, weight, year, dept, all, start, end));
        }
        return new Report(year, dept, score(rows), rows, OffsetDateTime.now(zone.zone()));
    }

    private Row automatic(ChecklistItem item, double weight, int year, String dept, List<PublicationFacts.Facts> all,
                          OffsetDateTime start, OffsetDateTime end) {
        List<String> evidence = new ArrayList<>();
        switch (item.code()) {
            case "APPROVAL_COMPLETE" -> {
                int ok = 0;
                for (PublicationFacts.Facts f : all) {
                    if (f.approval().complete()) {
                        ok++;
                    } else {
                        evidence.add("登记号 " + f.publicationId() + "《" + f.title() + "》：" + String.join("；", f.approval().exceptions()));
                    }
                }
                return rate(item, weight, ok, all.size(), "全年发布 " + all.size() + " 条，审批手续完备 " + ok + " 条", evidence);
            }
            case "REGISTER_COMPLETE" -> {
                int ok = 0;
                for (PublicationFacts.Facts f : all) {
                    if (f.registerComplete()) {
                        ok++;
                    } else {
                        evidence.add("登记号 " + f.publicationId() + "《" + f.title() + "》缺少：" + String.join("、", f.registerGaps()));
                    }
                }
                return rate(item, weight, ok, all.size(), "全年登记 " + all.size() + " 条，登记完整 " + ok + " 条", evidence);
            }
            case "SPOT_CHECKS" -> {
                List<SpotCheckItem> sampled = SpotCheckItem.list(
                        "key.spotCheckId in (select c.id from SpotCheck c where c.status = ?1 and c.closedAt >= ?2 and c.closedAt < ?3)"
                                + " and key.publicationId in (select p.id from Publication p where p.department = ?4) order by key.spotCheckId, position",
                        SpotCheck.Status.CLOSED, start, end, dept);
                int ok = 0;
                TreeSet<Long> checks = new TreeSet<>();
                for (SpotCheckItem i : sampled) {
                    checks.add(i.key.spotCheckId);
                    if ("OK".equals(i.result)) {
                        ok++;
                    } else {
                        evidence.add("抽查 " + i.key.spotCheckId + " 登记号 " + i.key.publicationId + "：" + Problems.label(i.problem));
                    }
                }
                return rate(item, weight, ok, sampled.size(), checks.size() + " 次抽查／检查抽到本部门 " + sampled.size() + " 条，无问题 " + ok + " 条",
                        evidence);
            }
            case "RECTIFIED_IN_TIME" -> {
                List<Rectification> items = Rectification.list("department = ?1 and openedAt >= ?2 and openedAt < ?3 order by id",
                        dept, start, end);
                LocalDate today = LocalDate.now(zone.zone());
                int inTime = 0;
                for (Rectification r : items) {
                    boolean closed = r.status == Rectification.Status.CLOSED;
                    boolean ok = r.deadline == null
                            || (closed ? !r.closedAt.atZoneSameInstant(zone.zone()).toLocalDate().isAfter(r.deadline) : !today.isAfter(r.deadline));
                    if (ok) {
                        inTime++;
                    } else {
                        evidence.add("整改事项 " + r.id + "（登记号 " + r.publicationId + "，期限 " + r.deadline + "）"
                                + (closed ? "逾期完成" : "逾期未完成"));
                    }
                }
                return rate(item, weight, inTime, items.size(), "全年整改事项 " + items.size() + " 项，按期（或未到期）" + inTime + " 项", evidence);
            }
            case "REMINDERS" -> {
                int ok = 0;
                List<Channel> channels = Channel.publishingChannels();
                for (Channel c : channels) {
                    List<String> r = reminders.forChannel(c);
                    if (r.size() > 1 && r.get(1) != null && !r.get(1).isBlank()) {
                        ok++;
                    } else {
                        evidence.add(c.label + "未设置保密提醒");
                    }
                }
                return rate(item, weight, ok, channels.size(), channels.size() + " 个发布渠道中 " + ok + " 个设置了保密提醒", evidence);
            }
            default -> throw new IllegalStateException(item.code());
        }
    }

    private static Row rate(ChecklistItem item, double weight, int ok, int total, String basis, List<String> evidence) {
        Double rate = total == 0 ? null : (double) ok / total;
        // nothing to measure (no publication, no check): nothing went wrong
        double score = rate == null ? 1.0 : rate;
        String answer = rate == null ? "无数据" : rate == 1.0 ? "是" : ok == 0 ? "否" : "部分";
        return new Row(item.code(), item.text(), "SYSTEM", answer, rate, score, weight, basis, evidence, null, null, List.of());
    }

    private static Row answered(ChecklistItem item, SelfInspectionAnswer a, double weight, List<EvidenceFiles.FileInfo> files) {
        if (a == null) {
            return new Row(item.code(), item.text(), "DEPARTMENT", "未填报", null, 0, weight, "由部门填报", List.of(), null, null, files);
        }
        double score = switch (a.answer) {
            case "YES" -> 1.0;
            case "PARTLY" -> 0.5;
            default -> 0.0;
        };
        String label = switch (a.answer) {
            case "YES" -> "是";
            case "PARTLY" -> "部分";
            default -> "否";
        };
        return new Row(item.code(), item.text(), "DEPARTMENT", label, null, score, weight, "由部门填报",
                a.evidence == null ? List.of() : List.of(a.evidence), a.answeredBy, a.answeredAt, files);
    }

    private static double score(List<Row> rows) {
        double sum = 0;
        double weights = 0;
        for (Row r : rows) {
            sum += r.score() * r.weight();
            weights += r.weight();
        }
        return weights == 0 ? 0 : Math.round(sum / weights * 1000) / 10.0;
    }

    /** The department's answers; only its 科室负责人 (own department) or the 保密办 may give them. */
    @Transactional
    public Report answer(int year, String department, Map<String, Answer> in) {
        checkYear(year);
        String dept = department == null ? null : department.trim();
        if (dept == null || dept.isEmpty() || dept.length() > 100) {
            throw ProblemException.badRequest("bad-department", "部门无效");
        }
        if (!user.has(Roles.SECRECY_OFFICE) && !dept.equals(user.department())) {
            throw ProblemException.forbidden("department-scope", "科室负责人只能填报本部门的自查自评");
        }
        if (in == null || in.isEmpty()) {
            throw ProblemException.badRequest("missing-answers", "请填写至少一项自查结果");
        }
        OffsetDateTime now = OffsetDateTime.now(zone.zone()).truncatedTo(ChronoUnit.MICROS);
        Map<String, Object> details = new LinkedHashMap<>();
        for (Map.Entry<String, Answer> e : in.entrySet()) {
            String code = e.getKey() == null ? "" : e.getKey().trim().toUpperCase(Locale.ROOT);
            ChecklistItem item = CHECKLIST.stream().filter(c -> c.code().equals(code)).findFirst()
                    .orElseThrow(() -> ProblemException.badRequest("unknown-item", "未知的自查项目：" + e.getKey()));
            if (!item.answeredByDepartment()) {
                throw ProblemException.badRequest("answered-by-system", "“" + item.text() + "”由系统根据记录自动评价，不能填报");
            }
            Answer a = e.getValue();
            String answer = a == null || a.answer() == null ? "" : a.answer().trim().toUpperCase(Locale.ROOT);
            if (!List.of("YES", "NO", "PARTLY").contains(answer)) {
                throw ProblemException.badRequest("bad-answer", "自查结果只能是 YES（是）、NO（否）或 PARTLY（部分）");
            }
            if (a.evidence() != null && a.evidence().length() > 4000) {
                throw ProblemException.badRequest("invalid-input", "佐证材料说明不能超过 4000 个字符");
            }
            SelfInspectionAnswer row = SelfInspectionAnswer.find("key.year = ?1 and key.department = ?2 and key.item = ?3",
                    year, dept, code).firstResult();
            if (row == null) {
                row = new SelfInspectionAnswer();
                row.key = new SelfInspectionAnswer.Key();
                row.key.year = year;
                row.key.department = dept;
                row.key.item = code;
                fill(row, answer, a.evidence(), now);
                row.persist();
            } else {
                fill(row, answer, a.evidence(), now);
            }
            details.put(code, answer);
        }
        details.put("year", year);
        details.put("department", dept);
        audit.append("selfinspection.answer", user.username(), "self_inspection", year + "/" + dept, details);
        return report(year, dept);
    }

    private void fill(SelfInspectionAnswer row, String answer, String evidence, OffsetDateTime now) {
        row.answer = answer;
        row.evidence = evidence == null || evidence.isBlank() ? null : evidence.trim();
        row.answeredBy = user.username();
        row.answeredAt = now;
    }

    /** The 保密办's roll-up: every department with publications or answers in the year, with its score. */
    @Transactional
    public RollUp rollUp(int year) {
        checkYear(year);
        if (!(user.has(Roles.SECRECY_OFFICE) || user.has(Roles.LEADER) || user.has(Roles.ADMIN))) {
            throw ProblemException.forbidden("department-scope", "汇总只对保密办、分管领导开放，科室负责人请指定本部门");
        }
        OffsetDateTime start = LocalDate.of(year, 1, 1).atStartOfDay(zone.zone()).toOffsetDateTime();
        OffsetDateTime end = LocalDate.of(year + 1, 1, 1).atStartOfDay(zone.zone()).toOffsetDateTime();
        TreeSet<String> depts = new TreeSet<>();
        depts.addAll(Publication.<Publication>list("publishedAt >= ?1 and publishedAt < ?2", start, end).stream()
                .map(p -> p.department).toList());
        depts.addAll(SelfInspectionAnswer.<SelfInspectionAnswer>list("key.year", year).stream().map(a -> a.key.department).toList());
        List<DepartmentScore> out = new ArrayList<>();
        for (String d : depts) {
            Report r = report(year, d);
            int published = (int) Publication.count("department = ?1 and publishedAt >= ?2 and publishedAt < ?3", d, start, end);
            int answered = (int) r.items().stream().filter(x -> "DEPARTMENT".equals(x.source()) && x.answeredBy() != null).count();
            int unanswered = (int) r.items().stream().filter(x -> "DEPARTMENT".equals(x.source()) && x.answeredBy() == null).count();
            out.add(new DepartmentScore(d, r.score(), published, answered, unanswered));
        }
        return new RollUp(year, out, OffsetDateTime.now(zone.zone()));
    }

    private String scope(String department) {
        String d = department == null ? null : department.trim();
        boolean office = user.has(Roles.SECRECY_OFFICE) || user.has(Roles.LEADER) || user.has(Roles.ADMIN);
        if (d == null || d.isEmpty()) {
            if (office || user.department() == null) {
                throw ProblemException.badRequest("missing-department", "请指定部门 department");
            }
            return user.department();
        }
        if (!office && !d.equals(user.department())) {
            throw ProblemException.forbidden("department-scope", "科室负责人只能查看本部门的自查自评");
        }
        return d;
    }

    static void checkYear(int year) {
        if (year < 2000 || year > 2100) {
            throw ProblemException.badRequest("bad-year", "年度无效");
        }
    }

    /** A caller's value for a message: at most 40 characters, printable. */
    static String shorten(String s) {
        String v = s == null ? "" : s.replaceAll("\\p{Cntrl}", "");
        return v.length() > 40 ? v.substring(0, 40) + "…" : v;
    }
}
