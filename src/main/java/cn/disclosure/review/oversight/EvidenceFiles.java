package cn.disclosure.review.oversight;

import cn.disclosure.review.audit.AuditLog;
import cn.disclosure.review.core.Roles;
import cn.disclosure.review.core.ServiceZone;
import cn.disclosure.review.core.Sha256;
import cn.disclosure.review.identity.CurrentUser;
import cn.disclosure.review.web.ProblemException;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Evidence files (佐证材料) of a department's 自查自评 answer items: uploaded by the department's
 * 科室负责人 or the 保密办, stored in PostgreSQL with name, media type, size, SHA-256, uploader and
 * time; insert-only. Listed (name and hash, never content) in the checklist, its exports and the
 * UI; downloaded only by the department's 科室负责人, the 保密办 and the administrator. Every
 * upload and download is in the audit log (id, item, size, hash — not the file name, not content).
 */
@ApplicationScoped
public class EvidenceFiles {
    /** The file types taken, by extension: media type and the first bytes the content must start with. */
    record Kind(String mediaType, byte[] magic) {
    }

    static final Map<String, Kind> KINDS = kinds();

    private static Map<String, Kind> kinds() {
        byte[] zip = {'P', 'K', 3, 4};
        byte[] ole = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};
        Map<String, Kind> m = new LinkedHashMap<>();
        m.put("pdf", new Kind("application/pdf", "%PDF-".getBytes(StandardCharsets.US_ASCII)));
        m.put("ofd", new Kind("application/ofd", zip));
        m.put("docx", new Kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", zip));
        m.put("xlsx", new Kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", zip));
        m.put("doc", new Kind("application/msword", ole));
        m.put("xls", new Kind("application/vnd.ms-excel", ole));
        m.put("wps", new Kind("application/vnd.ms-works", ole));
        m.put("jpg", new Kind("image/jpeg", new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}));
        m.put("jpeg", new Kind("image/jpeg", new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}));
        m.put("png", new Kind("image/png", new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}));
        m.put("txt", new Kind("text/plain; charset=UTF-8", new byte[0]));
        return Map.copyOf(m);
    }

    /** One file as listed: no content. {@code href} is where the department and the 保密办 download it. */
    public record FileInfo(long id, String item, String name, String mediaType, long size, String sha256, String uploadedBy,
                           OffsetDateTime uploadedAt, String href) {
    }

    /** A file to download. */
    public record Download(String name, String mediaType, byte[] content, String sha256) {
    }

    @Inject
    CurrentUser user;
    @Inject
    ServiceZone zone;
    @Inject
    AuditLog audit;
    @Inject
    EntityManager em;
    @ConfigProperty(name = "review.self-inspection.evidence.max-bytes", defaultValue = "20M")
    MemorySize maxBytes;
    @ConfigProperty(name = "review.self-inspection.evidence.max-files-per-item", defaultValue = "20")
    int maxFilesPerItem;

    public long maxBytes() {
        return maxBytes.asLongValue();
    }

    /** Stores one evidence file for {@code item}; the checks come in the order of the refusals' documentation. */
    @Transactional
    public FileInfo upload(int year, String department, String item, String fileName, long size, byte[] content) {
        SelfInspection.checkYear(year);
        String dept = mayChange(department);
        String code = answerItem(item);
        if (size > maxBytes.asLongValue() || (content != null && content.length > maxBytes.asLongValue())) {
            throw new ProblemException(413, "evidence-too-large", "佐证文件不能超过 " + human(maxBytes.asLongValue()));
        }
        if (content == null || content.length == 0) {
            throw ProblemException.badRequest("missing-file", "请选择要上传的佐证文件（file）");
        }
        String name = name(fileName);
        Kind kind = kind(name, content);
        long count = SelfInspectionEvidence.count("year = ?1 and department = ?2 and item = ?3", year, dept, code);
        if (count >= maxFilesPerItem) {
            throw ProblemException.conflict("too-many-evidence-files", "每个自查项目最多上传 " + maxFilesPerItem + " 个佐证文件");
        }
        String sha = Sha256.hex(content);
        OffsetDateTime now = OffsetDateTime.now(zone.zone()).truncatedTo(ChronoUnit.MICROS);
        Number id = (Number) em.createNativeQuery("insert into self_inspection_evidence (year, department, item, name, media_type, size, "
                        + "sha256, content, uploaded_by, uploaded_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) returning id")
                .setParameter(1, year).setParameter(2, dept).setParameter(3, code).setParameter(4, name)
                .setParameter(5, kind.mediaType()).setParameter(6, (long) content.length).setParameter(7, sha)
                .setParameter(8, content).setParameter(9, user.username()).setParameter(10, now)
                .getSingleResult();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("year", year);
        details.put("department", dept);
        details.put("item", code);
        details.put("evidenceId", id.longValue());
        details.put("mediaType", kind.mediaType());
        details.put("size", content.length);
        details.put("sha256", sha);
        audit.append("selfinspection.evidence.upload", user.username(), "self_inspection_evidence", Long.toString(id.longValue()), details);
        return new FileInfo(id.longValue(), code, name, kind.mediaType(), content.length, sha, user.username(), now,
                href(year, dept, id.longValue()));
    }

    /** The files of a department's year, per item code, oldest first (metadata only). */
    public Map<String, List<FileInfo>> list(int year, String department) {
        Map<String, List<FileInfo>> out = new LinkedHashMap<>();
        for (SelfInspectionEvidence e : SelfInspectionEvidence.<SelfInspectionEvidence>list(
                "year = ?1 and department = ?2 order by item, id", year, department)) {
            out.computeIfAbsent(e.item, k -> new ArrayList<>()).add(new FileInfo(e.id, e.item, e.name, e.mediaType, e.size,
                    e.sha256, e.uploadedBy, e.uploadedAt, href(year, department, e.id)));
        }
        return out;
    }

    /** One file's content, for the department's 科室负责人, the 保密办 and the administrator only. */
    @Transactional
    public Download download(int year, String department, long id) {
        SelfInspection.checkYear(year);
        String dept = department == null ? "" : department.trim();
        boolean office = user.has(Roles.SECRECY_OFFICE) || user.has(Roles.ADMIN);
        if (!office && !(user.has(Roles.DEPT_REVIEWER) && dept.equals(user.department()))) {
            throw ProblemException.forbidden("department-scope", "佐证文件只有本部门和保密办可以下载");
        }
        SelfInspectionEvidence e = SelfInspectionEvidence.find("id = ?1 and year = ?2 and department = ?3", id, year, dept).firstResult();
        if (e == null) {
            throw ProblemException.notFound("佐证文件");
        }
        byte[] content = (byte[]) em.createNativeQuery("select content from self_inspection_evidence where id = ?1")
                .setParameter(1, id).getSingleResult();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("year", year);
        details.put("department", dept);
        details.put("item", e.item);
        details.put("evidenceId", id);
        details.put("sha256", e.sha256);
        audit.append("selfinspection.evidence.download", user.username(), "self_inspection_evidence", Long.toString(id), details);
        return new Download(e.name, e.mediaType, content, e.sha256);
    }

    static String href(int year, String department, long id) {
        return "/api/v1/self-inspection/" + year + "/" + java.net.URLEncoder.encode(department, StandardCharsets.UTF_8).replace("+", "%20")
                + "/evidence/" + id;
    }

    /** The department whose evidence may be changed: its own 科室负责人 or the 保密办. */
    private String mayChange(String department) {
        String dept = department == null ? null : department.trim();
        if (dept == null || dept.isEmpty() || dept.length() > 100) {
            throw ProblemException.badRequest("bad-department", "部门无效");
        }
        if (!user.has(Roles.SECRECY_OFFICE) && !(user.has(Roles.DEPT_REVIEWER) && dept.equals(user.department()))) {
            throw ProblemException.forbidden("department-scope", "科室负责人只能为本部门上传佐证文件");
        }
        return dept;
    }

    /** A checklist item the department answers: 404 for an unknown code, 400 for an item the service evaluates. */
    private static String answerItem(String item) {
        String code = item == null ? "" : item.trim().toUpperCase(Locale.ROOT);
        SelfInspection.ChecklistItem found = SelfInspection.CHECKLIST.stream().filter(c -> c.code().equals(code)).findFirst()
                .orElseThrow(() -> new ProblemException(404, "unknown-item", "自查项目不存在：" + SelfInspection.shorten(item)));
        if (!found.answeredByDepartment()) {
            throw ProblemException.badRequest("answered-by-system", "“" + found.text() + "”由系统根据记录自动评价，不需要上传佐证文件");
        }
        return code;
    }

    /** The file's own name (no path), printable, at most 200 characters. */
    static String name(String fileName) {
        String n = fileName == null ? "" : fileName;
        n = n.substring(Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\')) + 1);
        StringBuilder b = new StringBuilder();
        n.codePoints().filter(cp -> cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp < 0xa0)
                        && Character.getType(cp) != Character.FORMAT && cp != '"')
                .forEach(b::appendCodePoint);
        String out = b.toString().strip();
        if (out.isEmpty() || out.equals(".") || out.equals("..")) {
            throw ProblemException.badRequest("bad-file-name", "佐证文件需要文件名");
        }
        if (out.codePointCount(0, out.length()) > 200) {
            throw ProblemException.badRequest("bad-file-name", "佐证文件名不能超过 200 个字符");
        }
        return out;
    }

    /** The kind of the file by its extension, refused (415) unless the content starts as that kind does. */
    static Kind kind(String name, byte[] content) {
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        Kind k = KINDS.get(ext);
        if (k == null) {
            throw new ProblemException(415, "unsupported-evidence-type",
                    "不支持的佐证文件类型：只能上传 PDF、OFD、Word、Excel、WPS、JPG、PNG 或 TXT 文件");
        }
        boolean ok = content.length >= k.magic().length;
        for (int i = 0; ok && i < k.magic().length; i++) {
            ok = content[i] == k.magic()[i];
        }
        if (ok && ext.equals("txt")) {
            try {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content));
                for (byte c : content) {
                    ok &= c != 0;
                }
            } catch (CharacterCodingException e) {
                ok = false;
            }
        }
        if (!ok) {
            throw new ProblemException(415, "unsupported-evidence-type", "文件内容与扩展名 ." + ext + " 不符（文本文件须为 UTF-8）");
        }
        return k;
    }

    private static String human(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MB" : bytes / 1024 + " KB";
    }
}
