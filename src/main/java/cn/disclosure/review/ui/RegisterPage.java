package cn.disclosure.review.ui;

import cn.disclosure.review.core.ServiceZone;
import cn.disclosure.review.core.Roles;
import cn.disclosure.review.core.Channel;
import cn.disclosure.review.publish.Register;
import cn.disclosure.review.publish.RegisterRow;
import cn.disclosure.review.search.RegisterHit;
import cn.disclosure.review.search.RegisterIndex;
import cn.disclosure.review.search.RegisterSearchResult;
import cn.disclosure.review.web.ProblemException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestQuery;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * 信息发布登记 with filters; the xlsx/CSV export links go to {@code /api/v1/register}, which the
 * session cookie authenticates like every API path.
 */
@Path("/ui/register")
@Produces(MediaType.TEXT_HTML)
public class RegisterPage {

    @CheckedTemplate(basePath = "ui")
    static class Templates {
        static native TemplateInstance register(RegisterView page);
    }

    public record Row(long publicationId, long draftId, int revision, String title, String docNumber, String channelLabel,
                      String url, String department, String submitter, List<String> reviewers, String publishedAt,
                      String publishedBy, String verdict, String verdictLabel, String contentHash, String withdrawn) {
    }

    /** A search hit; {@code highlights} are HTML-escaped snippets with {@code <em>} marks (rendered raw). */
    public record Hit(long publicationId, long draftId, String title, String channelLabel, String department, String url,
                      String publishedAt, boolean withdrawn, List<String> highlights) {
    }

    public record RegisterView(List<Row> rows, String from, String to, String department, List<Option> channels,
                               String csv, String xlsx, String error, String q, boolean searched, List<Hit> hits,
                               long total, String previous, String next) {
        /** The count as the page prints it: a lower bound beyond the deepest page the search serves. */
        public String totalLabel() {
            return total >= 10_000 ? "10000 条以上" : total + " 条";
        }
    }

    @Inject
    Register register;
    @Inject
    ServiceZone zone;
    @Inject
    RegisterIndex index;

    @GET
    @RolesAllowed({Roles.EDITOR, Roles.DEPT_REVIEWER, Roles.SECRECY_OFFICE, Roles.LEADER, Roles.ADMIN})
    @Operation(hidden = true)
    public Response page(@RestQuery String from, @RestQuery String to, @RestQuery String channel,
                         @RestQuery String department, @RestQuery String q, @RestQuery Integer page) {
        Channel c = Option.publishingChannel(channel);
        List<Option> channels = Option.channels(c);
        Map<String, String> query = new LinkedHashMap<>();
        put(query, "from", from);
        put(query, "to", to);
        put(query, "channel", c == null ? null : c.name());
        put(query, "department", department);
        List<Row> rows = new ArrayList<>();
        List<Hit> hits = new ArrayList<>();
        boolean searched = q != null && !q.isBlank();
        long total = 0;
        String previous = "";
        String next = "";
        String error = "";
        int status = 200;
        try {
            if (searched) {
                int p = page == null ? 1 : page;
                RegisterSearchResult result = index.search(q, from, to, c == null ? null : c.name(), department, p);
                total = result.total();
                for (RegisterHit h : result.items()) {
                    hits.add(new Hit(h.publicationId(), h.draftId(), h.title(), Labels.channel(h.channel()), h.department(),
                            nz(h.url()), Labels.time(h.publishedAt(), zone.zone()), h.withdrawn(), h.highlights()));
                }
                Map<String, String> searchQuery = new LinkedHashMap<>(query);
                searchQuery.put("q", q.trim());
                if (p > 1) {
                    previous = pageLink(searchQuery, p - 1);
                }
                if ((long) p * result.pageSize() < total && (long) (p + 1) * result.pageSize() <= 10_000) {
                    next = pageLink(searchQuery, p + 1);
                }
            } else {
                for (RegisterRow r : register.rows(new Register.Filter(from, to, c == null ? null : c.name(), department))) {
                    rows.add(row(r));
                }
            }
        } catch (ProblemException e) {
            error = e.problem().detail;
            status = e.problem().status;
        }
        RegisterView view = new RegisterView(rows, nz(from), nz(to), nz(department), channels,
                exportLink(query, "csv"), exportLink(query, "xlsx"), error, nz(q), searched, hits, total, previous, next);
        return Response.status(status).entity(Templates.register(view)).build();
    }

    private Row row(RegisterRow r) {
        List<String> reviewers = r.reviewers().stream()
                .map(v -> v.roleLabel() + " " + v.reviewer() + " " + Labels.decision(v.decision()) + " "
                        + Labels.time(v.decidedAt(), zone.zone())
                        + (v.justification() == null ? "" : "（接受理由：" + v.justification() + "）"))
                .toList();
        String withdrawn = r.withdrawnAt() == null ? ""
                : Labels.time(r.withdrawnAt(), zone.zone()) + " " + nz(r.withdrawnBy()) + "：" + nz(r.withdrawalReason());
        return new Row(r.publicationId(), r.draftId(), r.revision(), r.title(), nz(r.docNumber()), r.channelLabel(),
                nz(r.url()), r.department(), r.submitter(), reviewers, Labels.time(r.publishedAt(), zone.zone()),
                r.publishedBy(), r.verdict(), Labels.verdict(r.verdict()), r.contentHash(), withdrawn);
    }

    private static void put(Map<String, String> query, String name, String value) {
        if (value != null && !value.isBlank()) {
            query.put(name, value.trim());
        }
    }

    static String pageLink(Map<String, String> query, int page) {
        Map<String, String> q = new LinkedHashMap<>(query);
        q.put("page", Integer.toString(page));
        return "/ui/register?" + q.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    static String exportLink(Map<String, String> query, String format) {
        Map<String, String> q = new LinkedHashMap<>(query);
        q.put("format", format);
        return "/api/v1/register?" + q.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
