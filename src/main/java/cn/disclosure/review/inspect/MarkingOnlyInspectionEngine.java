package cn.disclosure.review.inspect;

import cn.disclosure.review.extract.SubmittedFile;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Minimal engine used until the full one is wired: flags the standard marking form
 * {@code (绝密|机密|秘密)★…} in title, body and text attachments; any other attachment is
 * UNREADABLE (fail closed).
 */
@DefaultBean
@ApplicationScoped
public class MarkingOnlyInspectionEngine implements InspectionEngine {
    private static final Pattern MARK = Pattern.compile("(绝密|机密|秘密)\\s*★\\s*\\S{0,6}");

    @Override
    public InspectionResult inspect(InspectionRequest request) {
        long t0 = System.nanoTime();
        List<Finding> findings = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        scan("title", request.title(), findings, parts);
        scan("body", request.body(), findings, parts);
        for (SubmittedFile f : request.files() == null ? List.<SubmittedFile>of() : request.files()) {
            if (f.filename() != null && f.filename().toLowerCase().endsWith(".txt")) {
                scan(f.filename(), new String(f.bytes(), StandardCharsets.UTF_8), findings, parts);
            } else {
                parts.add(f.filename());
                findings.add(new Finding(Category.UNREADABLE, Severity.WARN, "", 0, 0, f.filename(), "unreadable.unsupported",
                        "附件无法读取，需人工审查", "", 1.0));
            }
        }
        Verdict v = Verdict.PASS;
        for (Finding f : findings) {
            v = v.max(Verdict.of(f.severity()));
        }
        return new InspectionResult(v, findings, Map.of(), parts, (System.nanoTime() - t0) / 1_000_000);
    }

    private static void scan(String part, String text, List<Finding> out, List<String> parts) {
        if (text == null) {
            return;
        }
        parts.add(part);
        Matcher m = MARK.matcher(text);
        while (m.find()) {
            out.add(new Finding(Category.CLASSIFICATION_MARK, Severity.BLOCK, m.group(), m.start(), m.end(), part,
                    "mark.standard", "含有国家秘密标志，不得公开", m.group(), 1.0));
        }
    }
}
