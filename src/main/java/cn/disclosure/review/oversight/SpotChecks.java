package cn.disclosure.review.oversight;

import cn.disclosure.review.audit.AuditEntry;
import cn.disclosure.review.audit.AuditLog;
import cn.disclosure.review.patrol.PatrolService;
import cn.disclosure.review.patrol.PatrolView;
import cn.disclosure.review.core.Roles;
import cn.disclosure.review.core.ServiceZone;
import cn.disclosure.review.identity.CurrentUser;
import cn.disclosure.review.rectify.Rectification;
import cn.disclosure.review.web.ProblemException;
import cn.disclosure.review.workflow.Publication;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Spot checks (不定期抽查) by the 保密办 and department checks by a 科室负责人: the reproducible draw
 * (see {@link Sampler}), the sampled items with what the records say about them, results, closing,
 * and verification. Who may do what:
 * <ul>
 *   <li>the 保密办 draws office checks of any department or all, sees every check (department checks
 *       are reported to it) and records results of office checks;</li>
 *   <li>a 科室负责人 draws and records department checks of their own department only, and sees the
 *       checks of their department;</li>
 *   <li>分管领导 and administrators read.</li>
 * </ul>
 * A closed check is read-only (409, and the database refuses too); the draw is fixed once made.
 */
@ApplicationScoped
public class SpotChecks {
    static final Set<String> STRATA = Set.of("department", "channel");

    @Inject
    CurrentUser user;
    @Inject
    AuditLog audit;
    @Inject
    ServiceZone zone;
    @Inject
    OversightConfig config;
    @Inject
    PublicationFacts facts;
    @Inject
    EntityManager em;
    @Inject
    ObjectMapper json;
    @Inject
    RectificationLink rectification;
    @Inject
    PatrolService patrols;

    // ---- the draw ------------------------------------------------------------------------------

    @Transactional
    public SpotCheckViews.Created draw(SpotCheckInput in) {
        if (in == null) {
            throw ProblemException.badRequest("invalid-input", "请求内容不能为空");
        }
        LocalDate from = date(in.from(), "from");
        LocalDate to = date(in.to(), "to");
        if (to.isBefore(from)) {
            throw ProblemException.badRequest("bad-period", "截止日期不能早于起始日期");
        }
        double c = in.confidence() == null ? config.confidence() : in.confidence();
        double p = in.maxProblemRate() == null ? config.maxProblemRate() : in.maxProblemRate();
        if (!(c >= 0.5 && c <= 0.999)) {
            throw ProblemException.badRequest("bad-confidence", "置信度 confidence 须在 0.5 到 0.999 之间");
        }
        if (!(p >= 0.001 && p <= 0.5)) {
            throw ProblemException.badRequest("bad-problem-rate", "可容忍问题率 maxProblemRate 须在 0.001 到 0.5 之间");
        }
        if (in.size() != null && (in.size() < 1 || in.size() > config.maxSample())) {
            throw ProblemException.badRequest("bad-size", "样本量 size 须在 1 到 " + config.maxSample() + " 之间");
        }
        List<String> strata = strata(in.strata());
        String seed = in.seed() == null ? Sampler.randomSeed() : seed(in.seed());
        String department = blankToNull(in.department());
        SpotCheck.Kind kind;
        if (user.has(Roles.SECRECY_OFFICE)) {
            kind = SpotCheck.Kind.OFFICE;
        } else {
            String own = user.department();
            if (own == null || own.isBlank()) {
                throw ProblemException.forbidden("department-scope", "您的账号没有所属部门，不能发起本部门检查");
            }
            if (department != null && !department.equals(own)) {
                throw ProblemException.forbidden("department-scope", "科室负责人只能检查本部门（" + own + "）发布的信息");
            }
            department = own;
            kind = SpotCheck.Kind.DEPARTMENT;
        }
        OffsetDateTime now = OffsetDateTime.now(zone.zone()).truncatedTo(ChronoUnit.MICROS);
        OffsetDateTime endOfPeriod = to.plusDays(1).atStartOfDay(zone.zone()).toOffsetDateTime().minus(1, ChronoUnit.MICROS);
        OffsetDateTime until = endOfPeriod.isBefore(now) ? endOfPeriod : now;
        List<Publication> frame = frame(from, until, department);
        if (frame.isEmpty()) {
            throw ProblemException.conflict("empty-frame", "所选期间和范围内没有发布记录，无法抽查");
        }
        List<Sampler.Unit> units = units(frame, strata);
        int size = Math.min(in.size() != null ? in.size() : Sampler.discoverySize(c, p), frame.size());
        String frameHash = Sampler.frameHash(units);
        List<Sampler.Drawn> drawn = Sampler.draw(seed, units, size);

        SpotCheck sc = new SpotCheck();
        sc.id = ((Number) em.createNativeQuery("select nextval('spot_check_id_seq')").getSingleResult()).longValue();
        sc.kind = kind;
        sc.department = department;
        sc.periodFrom = from;
        sc.periodTo = to;
        sc.frameUntil = until;
        sc.strata = String.join(",", strata);
        sc.confidence = c;
        sc.maxProblemRate = p;
        sc.requestedSize = in.size();
        sc.sampleSize = drawn.size();
        sc.frameSize = frame.size();
        sc.frameHash = frameHash;
        sc.frameIds = frame.stream().map(x -> x.id.toString()).collect(Collectors.joining(","));
        sc.seed = seed;
        sc.algorithm = Sampler.ALGORITHM;
        sc.title = blankToNull(in.title()) == null ? defaultTitle(kind, department, from, to) : in.title().trim();
        sc.basis = blankToNull(in.basis()) == null ? defaultBasis(kind) : in.basis().trim();
        sc.status = SpotCheck.Status.OPEN;
        sc.createdBy = user.username();
        sc.createdAt = now;
        // the seed and the frame hash go into the audit chain in the same transaction as the draw:
        // the sample is answered only after both are committed
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("kind", kind.name());
        details.put("department", department);
        details.put("from", from.toString());
        details.put("to", to.toString());
        details.put("frameUntil", until.toString());
        details.put("strata", sc.strata);
        details.put("frameSize", frame.size());
        details.put("frameHash", frameHash);
        details.put("seed", seed);
        details.put("algorithm", Sampler.ALGORITHM);
        details.put("sampleSize", drawn.size());
        AuditEntry entry = audit.append("spotcheck.draw", user.username(), "spot_check", sc.id.toString(), details);
        sc.auditSeq = entry.seq;
        sc.persist();
        Map<Long, Publication> byId = frame.stream().collect(Collectors.toMap(x -> x.id, Function.identity()));
        List<SpotCheckViews.Sampled> sample = new ArrayList<>();
        for (Sampler.Drawn d : drawn) {
            SpotCheckItem item = new SpotCheckItem();
            item.key = new SpotCheckItem.Key();
            item.key.spotCheckId = sc.id;
            item.key.publicationId = d.unit().id();
            item.position = d.position();
            item.stratum = d.unit().stratum();
            item.persist();
            Publication x = byId.get(d.unit().id());
            sample.add(new SpotCheckViews.Sampled(d.position(), x.id, x.title, x.department, x.channel.name(), x.url,
                    d.unit().stratum()));
        }
        return new SpotCheckViews.Created(sc.id, kind.name(), seed, frame.size(), frameHash, Sampler.ALGORITHM,
                drawn.size(), entry.seq, sample);
    }

    /** Register rows published from the start of {@code from} up to {@code until} (inclusive), ascending by id. */
    static List<Publication> frame(LocalDate from, OffsetDateTime until, String department, ServiceZone zone) {
        OffsetDateTime start = from.atStartOfDay(zone.zone()).toOffsetDateTime();
        if (department == null) {
            return Publication.list("publishedAt >= ?1 and publishedAt <= ?2 order by id", start, until);
        }
        return Publication.list("publishedAt >= ?1 and publishedAt <= ?2 and department = ?3 order by id", start, until,
                department);
    }

    private List<Publication> frame(LocalDate from, OffsetDateTime until, String department) {
        return frame(from, until, department, zone);
    }

    static List<Sampler.Unit> units(List<Publication> frame, List<String> strata) {
        List<Sampler.Unit> units = new ArrayList<>(frame.size());
        for (Publication x : frame) {
            units.add(new Sampler.Unit(x.id, x.contentHash, stratumOf(x, strata)));
        }
        return units;
    }

    /** The stratum key of a publication: its department and/or channel joined with "/", "" without strata. */
    static String stratumOf(Publication x, List<String> strata) {
        List<String> parts = new ArrayList<>();
        for (String s : strata) {
            parts.add(s.equals("department") ? x.department : x.channel.name());
        }
        return String.join("/", parts);
    }

    private static List<String> strata(List<String> in) {
        if (in == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String s : in) {
            String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
            if (!STRATA.contains(v)) {
                throw ProblemException.badRequest("bad-strata", "分层 strata 只能是 department、channel");
            }
            if (!out.contains(v)) {
                out.add(v);
            }
        }
        // fixed order, so ["channel","department"] and ["department","channel"] draw alike
        out.sort((a, b) -> a.equals("department") ? -1 : b.equals("department") ? 1 : 0);
        return out;
    }

    private static String seed(String s) {
        String v = s.trim();
        if (v.isEmpty()) {
            throw ProblemException.badRequest("bad-seed", "种子 seed 不能为空（不填则由系统随机生成）");
        }
        for (int i = 0; i < v.length(); i++) {
            if (Character.isISOControl(v.charAt(i))) {
                throw ProblemException.badRequest("bad-seed", "种子 seed 不能含控制字符");
            }
        }
        return v;
    }

    private static LocalDate date(String s, String field) {
        if (s == null || s.isBlank()) {
            throw ProblemException.badRequest("missing-period", "请填写抽查期间的起止日期（from、to）");
        }
        try {
            return LocalDate.parse(s.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("bad-date", field + " 的日期格式无效（示例：2026-12-01）");
        }
    }

    private static String defaultTitle(SpotCheck.Kind kind, String department, LocalDate from, LocalDate to) {
        String scope = department == null ? "全局" : department;
        return (kind == SpotCheck.Kind.OFFICE ? "保密办抽查" : "本部门检查") + "（" + scope + "，" + from + " 至 " + to + "）";
    }

    private static String defaultBasis(SpotCheck.Kind kind) {
        return kind == SpotCheck.Kind.OFFICE
                ? "依据本单位信息公开保密审查制度，局保密工作领导小组办公室对已公开信息进行不定期抽查，并及时通报抽查结果。"
                : "依据本单位信息公开保密审查制度，各科室负责人负责对本科室信息公开情况进行检查，并将检查结果报送局保密工作领导小组办公室。";
    }

    // ---- reading -------------------------------------------------------------------------------

    /** Checks the caller may see, newest first. */
    @Transactional
    public List<SpotCheckViews.Summary> list(int limit) {
        List<SpotCheck> checks;
        if (seesAll()) {
            checks = SpotCheck.find("order by id desc").page(0, limit).list();
        } else {
            String own = user.department();
            checks = own == null ? List.of() : SpotCheck.find("department = ?1 order by id desc", own).page(0, limit).list();
        }
        List<SpotCheckViews.Summary> out = new ArrayList<>();
        for (SpotCheck sc : checks) {
            List<SpotCheckItem> items = SpotCheckItem.of(sc.id);
            int recorded = (int) items.stream().filter(i -> i.result != null).count();
            int problems = (int) items.stream().filter(i -> "PROBLEM".equals(i.result)).count();
            out.add(new SpotCheckViews.Summary(sc.id, sc.kind.name(), kindLabel(sc.kind), sc.title, sc.department,
                    sc.periodFrom, sc.periodTo, sc.status.name(), sc.frameSize, sc.sampleSize, recorded, problems,
                    sc.createdBy, sc.createdAt, sc.closedAt));
        }
        return out;
    }

    @Transactional
    public SpotCheckViews.Detail detail(long id) {
        SpotCheck sc = visible(id);
        List<SpotCheckItem> items = SpotCheckItem.of(sc.id);
        Map<Long, Publication> pubs = publications(items.stream().map(i -> i.key.publicationId).toList());
        Map<Long, PublicationFacts.Facts> f = PublicationFacts.byId(facts.of(
                items.stream().map(i -> pubs.get(i.key.publicationId)).filter(Objects::nonNull).toList()));
        Map<Long, SpotCheckViews.Rectification> rect = rectification.forItems(sc.id, items);
        Map<Long, PatrolView.Latest> patrol = patrols.latestFor(items.stream().map(i -> i.key.publicationId).toList());
        List<SpotCheckViews.Item> views = new ArrayList<>();
        for (SpotCheckItem i : items) {
            views.add(new SpotCheckViews.Item(i.position, i.stratum, f.get(i.key.publicationId), i.result, i.problem,
                    i.problem == null ? null : Problems.label(i.problem), i.note, i.deadline, i.recordedBy, i.recordedAt,
                    rect.get(i.key.publicationId), patrol.get(i.key.publicationId)));
        }
        return new SpotCheckViews.Detail(sc.id, sc.kind.name(), kindLabel(sc.kind), sc.title, sc.basis, sc.department,
                sc.periodFrom, sc.periodTo, sc.frameUntil, sc.strataList(), sc.confidence, sc.maxProblemRate,
                sc.requestedSize, sc.frameSize, sc.sampleSize, sc.frameHash, sc.seed, sc.algorithm, sc.auditSeq,
                sc.status.name(), sc.createdBy, sc.createdAt, sc.closedBy, sc.closedAt, sc.summary,
                sc.status == SpotCheck.Status.OPEN && mayRecord(sc), views);
    }

    static Map<Long, Publication> publications(List<Long> ids) {
        Map<Long, Publication> out = new LinkedHashMap<>();
        for (List<Long> chunk : PublicationFacts.chunks(ids)) {
            Publication.<Publication>list("id in ?1", chunk).forEach(p -> out.put(p.id, p));
        }
        return out;
    }

    /** Redraws from the stored frame and seed and compares; rebuilds the frame from the register and hashes it again. */
    @Transactional
    public SpotCheckViews.Verification verify(long id) {
        SpotCheck sc = visible(id);
        List<String> differences = new ArrayList<>();
        List<Long> storedIds = sc.frameIdList();
        Map<Long, Publication> stored = publications(storedIds);
        List<Publication> storedFrame = storedIds.stream().map(stored::get).filter(Objects::nonNull).toList();
        if (storedFrame.size() != storedIds.size()) {
            differences.add("抽样框中有 " + (storedIds.size() - storedFrame.size()) + " 条发布记录已不存在");
        }
        List<Sampler.Unit> units = units(storedFrame, sc.strataList());
        String recomputed = Sampler.frameHash(units);
        boolean hashMatches = recomputed.equals(sc.frameHash);
        if (!hashMatches) {
            differences.add("按保存的抽样框重新计算的哈希与抽取时记录的不一致");
        }
        List<Publication> now = frame(sc.periodFrom, sc.frameUntil, sc.department);
        List<Long> nowIds = now.stream().map(x -> x.id).toList();
        boolean frameUnchanged = nowIds.equals(storedIds);
        if (!frameUnchanged) {
            differences.add("按抽查范围从发布登记重新取得的抽样框（" + nowIds.size() + " 条）与抽取时（" + storedIds.size() + " 条）不同");
        }
        boolean committed = false;
        List<AuditEntry> entries = audit.entries(sc.auditSeq, sc.auditSeq, 1);
        if (!entries.isEmpty()) {
            AuditEntry e = entries.get(0);
            try {
                JsonNode d = json.readTree(e.details);
                committed = "spotcheck.draw".equals(e.action) && sc.id.toString().equals(e.subjectId)
                        && sc.seed.equals(d.path("seed").asText()) && sc.frameHash.equals(d.path("frameHash").asText())
                        && sc.sampleSize == d.path("sampleSize").asInt(-1);
            } catch (java.io.IOException ex) {
                committed = false;
            }
        }
        if (!committed) {
            differences.add("审计日志第 " + sc.auditSeq + " 条没有记录本次抽查的种子和抽样框哈希");
        }
        List<Sampler.Drawn> redrawn = Sampler.draw(sc.seed, units, sc.sampleSize);
        List<SpotCheckItem> items = SpotCheckItem.of(sc.id);
        boolean reproduced = redrawn.size() == items.size();
        for (int i = 0; reproduced && i < items.size(); i++) {
            SpotCheckItem it = items.get(i);
            Sampler.Drawn d = redrawn.get(i);
            reproduced = it.position == d.position() && it.key.publicationId == d.unit().id()
                    && it.stratum.equals(d.unit().stratum());
        }
        if (!reproduced) {
            differences.add("用保存的种子重新抽取的样本与记录的样本不一致");
        }
        boolean ok = hashMatches && committed && reproduced;
        return new SpotCheckViews.Verification(ok, sc.frameHash, recomputed, hashMatches, storedIds.size(), nowIds.size(),
                frameUnchanged, sc.auditSeq, committed, reproduced, differences);
    }

    // ---- changes -------------------------------------------------------------------------------

    /** Title and basis may change while the check is open; the draw never. */
    @Transactional
    public SpotCheckViews.Detail update(long id, SpotCheckInput in) {
        SpotCheck sc = editable(id);
        if (in == null) {
            throw ProblemException.badRequest("invalid-input", "请求内容不能为空");
        }
        List<String> fixed = new ArrayList<>();
        if (in.seed() != null && !in.seed().trim().equals(sc.seed)) {
            fixed.add("seed");
        }
        if (in.from() != null && !in.from().trim().equals(sc.periodFrom.toString())) {
            fixed.add("from");
        }
        if (in.to() != null && !in.to().trim().equals(sc.periodTo.toString())) {
            fixed.add("to");
        }
        if (in.size() != null && in.size() != sc.sampleSize) {
            fixed.add("size");
        }
        if (in.confidence() != null && in.confidence() != sc.confidence) {
            fixed.add("confidence");
        }
        if (in.maxProblemRate() != null && in.maxProblemRate() != sc.maxProblemRate) {
            fixed.add("maxProblemRate");
        }
        if (in.strata() != null && !strata(in.strata()).equals(sc.strataList())) {
            fixed.add("strata");
        }
        if (in.department() != null && !Objects.equals(blankToNull(in.department()), sc.department)) {
            fixed.add("department");
        }
        if (!fixed.isEmpty()) {
            throw ProblemException.conflict("draw-fixed", "抽取完成后，种子、期间、范围、分层和样本量都不能修改；如需不同的抽查请另行抽取")
                    .with("fields", fixed);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        if (blankToNull(in.title()) != null) {
            sc.title = in.title().trim();
            details.put("title", true);
        }
        if (blankToNull(in.basis()) != null) {
            sc.basis = in.basis().trim();
            details.put("basis", true);
        }
        audit.append("spotcheck.update", user.username(), "spot_check", sc.id.toString(), details);
        return detail(id);
    }

    @Transactional
    public SpotCheckViews.Item record(long id, long publicationId, ItemInput in) {
        SpotCheck sc = editable(id);
        SpotCheckItem item = SpotCheckItem.find("key.spotCheckId = ?1 and key.publicationId = ?2", sc.id, publicationId)
                .firstResult();
        if (item == null) {
            throw ProblemException.notFound("本次抽查的该抽查项");
        }
        if (in == null || in.result() == null) {
            throw ProblemException.badRequest("missing-result", "请填写检查结果 result（OK 或 PROBLEM）");
        }
        String result = in.result().trim().toUpperCase(Locale.ROOT);
        if (!result.equals("OK") && !result.equals("PROBLEM")) {
            throw ProblemException.badRequest("bad-result", "检查结果 result 只能是 OK 或 PROBLEM");
        }
        String problem = null;
        LocalDate deadline = null;
        if (result.equals("PROBLEM")) {
            problem = in.problem() == null ? null : in.problem().trim().toUpperCase(Locale.ROOT);
            if (problem == null || !Problems.LABELS.containsKey(problem)) {
                throw ProblemException.badRequest("bad-problem", "发现问题时须选择问题类型 problem："
                        + String.join("、", Problems.LABELS.keySet()));
            }
            if (blankToNull(in.note()) == null) {
                throw ProblemException.badRequest("missing-note", "发现问题时须在 note 中说明问题");
            }
            LocalDate today = LocalDate.now(zone.zone());
            if (blankToNull(in.deadline()) != null) {
                try {
                    deadline = LocalDate.parse(in.deadline().trim());
                } catch (DateTimeParseException e) {
                    throw ProblemException.badRequest("bad-date", "整改期限 deadline 的日期格式无效（示例：2026-12-31）");
                }
                if (deadline.isBefore(today)) {
                    throw ProblemException.badRequest("bad-deadline", "整改期限不能早于今天");
                }
            } else {
                deadline = today.plusDays(config.rectifyDays());
            }
        } else if (blankToNull(in.problem()) != null) {
            throw ProblemException.badRequest("bad-problem", "结果为 OK 时不应填写问题类型");
        }
        if (!"PROBLEM".equals(result) && "PROBLEM".equals(item.result)
                && rectification.of(sc.id, publicationId).filter(r -> r.status == Rectification.Status.OPEN).isPresent()) {
            throw ProblemException.conflict("rectification-open",
                    "该项发现的问题已开立整改事项，不能改为无问题；请在整改事项中处理（撤稿或由保密办说明理由后保留）");
        }
        item.result = result;
        item.problem = problem;
        item.note = blankToNull(in.note());
        item.deadline = deadline;
        item.recordedBy = user.username();
        item.recordedAt = OffsetDateTime.now(zone.zone()).truncatedTo(ChronoUnit.MICROS);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("publicationId", publicationId);
        details.put("result", result);
        details.put("problem", problem);
        details.put("deadline", deadline == null ? null : deadline.toString());
        audit.append("spotcheck.item.record", user.username(), "spot_check", sc.id.toString(), details);
        SpotCheckViews.Rectification rect = null;
        if (problem != null) {
            Publication pub = Publication.findById(publicationId);
            rect = rectification.open(sc, item, pub, user.username());
        }
        PublicationFacts.Facts f = facts.of(List.of((Publication) Publication.findById(publicationId))).get(0);
        return new SpotCheckViews.Item(item.position, item.stratum, f, item.result, item.problem,
                problem == null ? null : Problems.label(problem), item.note, item.deadline, item.recordedBy,
                item.recordedAt, rect, patrols.latestFor(List.of(publicationId)).get(publicationId));
    }

    @Transactional
    public SpotCheckViews.Detail close(long id, String summary) {
        SpotCheck sc = editable(id);
        List<SpotCheckItem> items = SpotCheckItem.of(sc.id);
        long open = items.stream().filter(i -> i.result == null).count();
        if (open > 0) {
            throw ProblemException.conflict("items-unrecorded", "还有 " + open + " 个抽查项没有记录检查结果，不能结束抽查")
                    .with("unrecorded", open);
        }
        if (summary != null && summary.length() > 4000) {
            throw ProblemException.badRequest("invalid-input", "总结 summary 不能超过 4000 个字符");
        }
        int problems = (int) items.stream().filter(i -> "PROBLEM".equals(i.result)).count();
        Confidence.Statement st = Confidence.statement(items.size(), problems, sc.confidence);
        sc.status = SpotCheck.Status.CLOSED;
        sc.closedBy = user.username();
        sc.closedAt = OffsetDateTime.now(zone.zone()).truncatedTo(ChronoUnit.MICROS);
        sc.summary = blankToNull(summary);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("checked", items.size());
        details.put("problems", problems);
        details.put("upperBound", st.upperBound());
        audit.append("spotcheck.close", user.username(), "spot_check", sc.id.toString(), details);
        em.flush();
        return detail(id);
    }

    // ---- who may -------------------------------------------------------------------------------

    boolean seesAll() {
        return user.has(Roles.SECRECY_OFFICE) || user.has(Roles.LEADER) || user.has(Roles.ADMIN);
    }

    /** The check, when the caller may see it: 404 when it does not exist, 403 for another department's. */
    SpotCheck visible(long id) {
        SpotCheck sc = SpotCheck.findById(id);
        if (sc == null) {
            throw ProblemException.notFound("抽查");
        }
        if (!seesAll() && (sc.department == null || !sc.department.equals(user.department()))) {
            throw ProblemException.forbidden("department-scope", "科室负责人只能查看本部门的检查");
        }
        return sc;
    }

    boolean mayRecord(SpotCheck sc) {
        if (sc.kind == SpotCheck.Kind.OFFICE) {
            return user.has(Roles.SECRECY_OFFICE);
        }
        return user.has(Roles.DEPT_REVIEWER) && sc.department != null && sc.department.equals(user.department());
    }

    private SpotCheck editable(long id) {
        SpotCheck sc = visible(id);
        if (!mayRecord(sc)) {
            throw ProblemException.forbidden("not-checker", sc.kind == SpotCheck.Kind.OFFICE
                    ? "保密办的抽查只能由保密办记录" : "本部门检查只能由该部门的科室负责人记录");
        }
        if (sc.status == SpotCheck.Status.CLOSED) {
            throw ProblemException.conflict("spot-check-closed", "该抽查已结束，不能再修改");
        }
        return sc;
    }

    static String kindLabel(SpotCheck.Kind kind) {
        return kind == SpotCheck.Kind.OFFICE ? "保密办抽查" : "部门检查";
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
