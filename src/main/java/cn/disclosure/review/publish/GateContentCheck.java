package cn.disclosure.review.publish;

import cn.disclosure.review.content.CanonicalContent;
import cn.disclosure.review.content.ContentComparison;
import cn.disclosure.review.content.Markup;
import cn.disclosure.review.content.PublicationSafelist.Violation;
import cn.disclosure.review.content.UrlForm;
import cn.disclosure.review.inspect.Category;
import cn.disclosure.review.inspect.Finding;
import cn.disclosure.review.inspect.InspectionResult;
import cn.disclosure.review.inspect.Severity;
import cn.disclosure.review.intake.Revision;
import cn.disclosure.review.intake.RevisionAttachment;
import cn.disclosure.review.publish.PublishViews.GateDifference;
import cn.disclosure.review.publish.PublishViews.GateReason;
import org.jsoup.Jsoup;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Whether what a CMS is about to publish is exactly an approved revision: the body in canonical
 * form ({@link CanonicalContent}, compared by {@link ContentComparison}), every declared file,
 * the title and the excerpt, the publication safelist, and no finding of WARN or worse that the
 * approved revision did not have. Reads nothing but the revision and what was sent.
 */
final class GateContentCheck {

    /** What the CMS sent, prepared once per gate call. */
    record Sent(CanonicalContent body, String title, String excerpt, Map<String, String> media,
                Optional<String> siteOrigin, Optional<InspectionResult> inspection) {
    }

    /** The outcome against one revision: refusal reasons (empty when it matches) and the differences. */
    record Result(List<GateReason> reasons, List<GateDifference> diff) {
        boolean matches() {
            return reasons.isEmpty();
        }
    }

    private GateContentCheck() {
    }

    /** Compares what was sent with {@code revision}; {@code approvedInspection} reads its stored inspection result. */
    static Result check(Revision revision, Sent sent, Function<Revision, InspectionResult> approvedInspection) {
        List<GateReason> reasons = new ArrayList<>();
        List<GateDifference> diff = new ArrayList<>();
        reasons.addAll(activeContent(sent.body().violations()));

        List<RevisionAttachment> attachments = revision.attachments();
        Set<String> approvedFiles = new HashSet<>();
        attachments.forEach(a -> approvedFiles.add(a.sha256));
        CanonicalContent approved = CanonicalContent.of(revision.body);
        approved.tokens().forEach(t -> t.attributes().forEach(a -> dataSha(a.value()).ifPresent(approvedFiles::add)));

        ContentComparison comparison = new ContentComparison(files(sent.media(), attachments), sent.siteOrigin());
        List<ContentComparison.Difference> differences = comparison.compare(approved, sent.body());
        Map<ContentComparison.Kind, Integer> kinds = new LinkedHashMap<>();
        for (ContentComparison.Difference d : differences) {
            kinds.merge(d.kind(), 1, Integer::sum);
            diff.add(new GateDifference(d.kind().name().toLowerCase(Locale.ROOT), d.approved(), d.sent()));
        }
        reasons.addAll(contentReasons(kinds, revision.number));

        for (Map.Entry<String, String> m : sent.media().entrySet()) {
            if (!approvedFiles.contains(m.getValue())) {
                reasons.add(new GateReason("media-changed", "文件“" + shortUrl(m.getKey()) + "”不是审查通过的附件（内容的 SHA-256 与第 "
                        + revision.number + " 版的附件都不一致）：请发布审查通过的文件，或将新文件作为附件提交审查"));
            }
        }
        if (sent.title() != null && !sameTitle(sent.title(), revision.title)) {
            reasons.add(new GateReason("title-changed", "标题与审查通过的标题不一致：请使用审查通过的标题，"
                    + "或将新标题提交为新版本重新审查"));
            diff.add(new GateDifference("title", revision.title, plain(sent.title())));
        }
        if (sent.excerpt() != null && !excerptOf(sent.excerpt(), revision.title, approved)) {
            reasons.add(new GateReason("excerpt-changed", "摘要不是审查通过内容的一部分：请清空摘要（使用自动摘要），"
                    + "或把摘要写入稿件后重新送审"));
            diff.add(new GateDifference("excerpt", "", plain(sent.excerpt())));
        }
        if (sent.inspection().isPresent()) {
            reasons.addAll(newFindings(sent.inspection().get(), approvedInspection.apply(revision)));
        }
        return new Result(reasons, diff);
    }

    static List<GateReason> activeContent(List<Violation> violations) {
        List<GateReason> out = new ArrayList<>();
        if (!violations.isEmpty()) {
            Set<String> what = new LinkedHashSet<>();
            violations.forEach(v -> what.add(v.message()));
            out.add(new GateReason("active-content", "内容含有不允许发布的活动内容：" + String.join("；", what)
                    + "。请删除后再发布（网页中不得有脚本、内嵌页面、表单、隐藏内容的样式等）"));
        }
        return out;
    }

    private static List<GateReason> contentReasons(Map<ContentComparison.Kind, Integer> kinds, int revision) {
        List<GateReason> out = new ArrayList<>();
        String tail = "：请发布审查通过的第 " + revision + " 版原样内容，或将修改后的内容提交为新版本重新审查";
        if (kinds.containsKey(ContentComparison.Kind.TEXT) || kinds.containsKey(ContentComparison.Kind.MARKUP)) {
            out.add(new GateReason("content-changed", "内容与审查通过的版本不一致（"
                    + (kinds.containsKey(ContentComparison.Kind.TEXT) ? "文字" : "格式或属性") + "被修改，可能在内容管理系统中审查后又作了修改）" + tail));
        }
        if (kinds.containsKey(ContentComparison.Kind.LINK)) {
            out.add(new GateReason("link-changed", "链接与审查通过的版本不一致（链接地址被修改、增加或删除）" + tail));
        }
        if (kinds.containsKey(ContentComparison.Kind.MEDIA)) {
            out.add(new GateReason("media-changed", "图片、音频或视频与审查通过的版本不一致（被替换、增加或删除）" + tail));
        }
        return out;
    }

    /**
     * Findings of WARN or worse in the sent content that the approved revision did not have, compared
     * as a multiset of (category, rule, matched text); active content is reported as such already.
     */
    static List<GateReason> newFindings(InspectionResult sent, InspectionResult approved) {
        Map<String, Integer> known = new HashMap<>();
        if (approved != null) {
            for (Finding f : approved.findings()) {
                known.merge(key(f), 1, Integer::sum);
            }
        }
        Set<String> messages = new LinkedHashSet<>();
        for (Finding f : sent.findings()) {
            if (f.severity() == Severity.INFO || f.category() == Category.ACTIVE_CONTENT) {
                continue;
            }
            Integer left = known.get(key(f));
            if (left != null && left > 0) {
                known.put(key(f), left - 1);
            } else {
                messages.add((f.severity() == Severity.BLOCK ? "禁止发布：" : "须人工确认：") + f.message() + "（位置：" + f.part()
                        + "，规则 " + f.rule() + "）");
            }
        }
        List<GateReason> out = new ArrayList<>();
        if (!messages.isEmpty()) {
            out.add(new GateReason("new-finding", "即将发布的内容有审查时没有的问题（可能是审查后在内容管理系统中加入的，包括注释、属性、"
                    + "隐藏元素、内嵌图片等不可见部分）：" + String.join("；", messages)));
        }
        return out;
    }

    private static String key(Finding f) {
        String matched = f.matched() == null ? "" : Normalizer.normalize(f.matched(), Normalizer.Form.NFC).replaceAll("\\s+", "");
        return f.category() + "\u0000" + f.rule() + "\u0000" + matched;
    }

    private static ContentComparison.Files files(Map<String, String> declared, List<RevisionAttachment> attachments) {
        return new ContentComparison.Files() {
            @Override
            public Optional<String> declared(String sentUrl) {
                return Optional.ofNullable(declared.get(sentUrl));
            }

            @Override
            public Optional<String> approved(String approvedUrl) {
                Optional<String> data = dataSha(approvedUrl);
                if (data.isPresent()) {
                    return data;
                }
                String name = UrlForm.lastPathSegment(approvedUrl);
                return attachments.stream().filter(a -> a.filename.equalsIgnoreCase(name)).map(a -> a.sha256).findFirst();
            }
        };
    }

    /** The SHA-256 in a {@code data:} URL's normal form ({@code data:image/png;sha256=…}). */
    private static Optional<String> dataSha(String normalUrl) {
        int at = normalUrl.indexOf(";sha256=");
        return normalUrl.startsWith("data:") && at > 0 ? Optional.of(normalUrl.substring(at + 8)) : Optional.empty();
    }

    static boolean sameTitle(String sent, String approved) {
        return plain(sent).equals(plain(approved));
    }

    /** Text of a title or excerpt as readers see it: tags and entities resolved, NFC, white space collapsed. */
    static String plain(String s) {
        String text = Markup.looksLikeHtml(s) ? Jsoup.parse(s).text() : s;
        return Normalizer.normalize(text, Normalizer.Form.NFC).replaceAll("[\\s\\u00A0\\u3000]+", " ").strip();
    }

    private static final String[] ELLIPSES = {"[…]", "[...]", "[&hellip;]", "…", "...", "……"};

    /** Empty, or (trailing ellipsis aside) a passage of the approved title or text — what an automatic excerpt is. */
    static boolean excerptOf(String excerpt, String title, CanonicalContent approved) {
        String e = compact(plain(excerpt));
        boolean trimmed = true;
        while (trimmed) {
            trimmed = false;
            for (String ellipsis : ELLIPSES) {
                if (e.endsWith(ellipsis)) {
                    e = e.substring(0, e.length() - ellipsis.length());
                    trimmed = true;
                }
            }
        }
        return e.isEmpty() || compact(title + approved.text()).contains(e);
    }

    private static String compact(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFC).replaceAll("[\\s\\u00A0\\u3000]+", "");
    }

    private static String shortUrl(String url) {
        return url.length() > 80 ? url.substring(0, 77) + "…" : url;
    }
}
