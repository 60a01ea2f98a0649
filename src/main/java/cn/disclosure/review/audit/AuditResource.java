package cn.disclosure.review.audit;

import cn.disclosure.review.identity.Roles;
import cn.disclosure.review.web.ProblemException;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api/v1/audit")
@Tag(name = "审计日志")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
    /** Media type of the entries export: one JSON object per line. */
    public static final String JSON_LINES = "application/x-ndjson";
    static final int MAX_PAGE = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AuditLog audit;
    @Inject
    AuditCheckpoints checkpoints;

    /** One exported entry: exactly the fields of the audit row, {@code at} as the hash takes it. */
    @JsonPropertyOrder({"seq", "at", "actor", "action", "subjectType", "subjectId", "details", "prevHash", "hash"})
    public record ExportedEntry(long seq, String at, String actor, String action, String subjectType, String subjectId,
                                String details, String prevHash, String hash) {
    }

    @GET
    @Path("/verify")
    @RolesAllowed({Roles.ADMIN, Roles.SECRECY_OFFICE, Roles.LEADER})
    @Operation(summary = "校验审计日志哈希链", description = "逐条校验哈希链，并与签名检查点核对：报告第一条断链或被篡改的记录、"
            + "比签名检查点短的日志（尾部被删除或被清空）以及签名无效的检查点")
    public AuditLog.Verification verify() {
        return audit.verify();
    }

    @GET
    @Path("/checkpoints/latest")
    @RolesAllowed({Roles.ADMIN, Roles.SECRECY_OFFICE, Roles.LEADER})
    @Operation(summary = "最新的签名检查点", description = "导出最新的 Ed25519 签名检查点（JSON），供保密办或其他系统留存，"
            + "以后可用 deploy/audit/AuditVerify.java 离线核验")
    public Checkpoint latest() {
        return checkpoints.latest().orElseThrow(() -> new ProblemException(404, "no-checkpoint", "尚无签名检查点"));
    }

    @POST
    @Path("/checkpoints")
    @RolesAllowed({Roles.ADMIN, Roles.SECRECY_OFFICE})
    @Operation(summary = "立即签发检查点", description = "为最新的已提交审计记录签发检查点并返回；自上一个检查点以来没有新记录时返回上一个。"
            + "审计链与上一个检查点不符时拒绝签发（409 checkpoint-refused）")
    public Checkpoint checkpointNow() {
        return checkpoints.checkpoint().orElseThrow(() -> new ProblemException(409, "audit-log-empty", "审计日志尚无记录，无需签发检查点"));
    }

    @GET
    @Path("/public-keys")
    @RolesAllowed({Roles.ADMIN, Roles.SECRECY_OFFICE, Roles.LEADER})
    @Operation(summary = "检查点公钥", description = "受信任的检查点公钥（PEM）及其密钥标识；signing 为当前签名所用的密钥")
    public List<CheckpointKeys.PublicKeyInfo> publicKeys() {
        return checkpoints.keys().publicKeys();
    }

    @GET
    @Path("/entries")
    @Produces(JSON_LINES)
    @RolesAllowed({Roles.ADMIN, Roles.SECRECY_OFFICE})
    @Operation(summary = "导出审计记录", description = "按序号导出审计记录（JSON Lines，每行一条，字段与审计记录相同，不含稿件内容），"
            + "供离线核验；每次最多 10000 条，还有更多时以 Link 头（rel=next）给出下一页")
    public Response entries(@QueryParam("from") @Parameter(description = "起始序号（含），默认 1") String from,
                            @QueryParam("to") @Parameter(description = "结束序号（含），默认不限") String to,
                            @QueryParam("limit") @Parameter(description = "本页最多条数，默认 1000，最多 10000") String limit) {
        long first = number(from, 1, "invalid-range");
        long last = number(to, Long.MAX_VALUE, "invalid-range");
        long size = number(limit, 1000, "invalid-limit");
        if (first < 1 || last < first) {
            throw ProblemException.badRequest("invalid-range", "序号范围无效：from 须不小于 1，to 须不小于 from");
        }
        if (size < 1 || size > MAX_PAGE) {
            throw ProblemException.badRequest("invalid-limit", "limit 须在 1 到 " + MAX_PAGE + " 之间");
        }
        List<AuditEntry> rows = audit.entries(first, last, (int) size);
        StringBuilder out = new StringBuilder(rows.size() * 256);
        for (AuditEntry e : rows) {
            out.append(json(new ExportedEntry(e.seq, AuditLog.hashedTime(e), e.actor, e.action, e.subjectType,
                    e.subjectId, e.details, e.prevHash, e.hash))).append('\n');
        }
        Response.ResponseBuilder r = Response.ok(out.toString(), JSON_LINES + ";charset=UTF-8");
        if (rows.size() == size && rows.get(rows.size() - 1).seq < last) {
            long next = rows.get(rows.size() - 1).seq + 1;
            String link = "/api/v1/audit/entries?from=" + next + (last == Long.MAX_VALUE ? "" : "&to=" + last) + "&limit=" + size;
            r.header("Link", "<" + link + ">; rel=\"next\"");
        }
        return r.build();
    }

    private static long number(String text, long fallback, String code) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(code, "参数须为整数");
        }
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
