package cn.disclosure.review.oversight;

import java.util.LinkedHashMap;
import java.util.Map;

/** The kinds of problem a spot check records, from the 保密办's checklist. */
public final class Problems {
    /** Code → label, in the order the forms list them. */
    public static final Map<String, String> LABELS = new LinkedHashMap<>();

    static {
        LABELS.put("APPROVAL_INCOMPLETE", "审查审批手续不完备");
        LABELS.put("REGISTER_INCOMPLETE", "信息发布登记不完整");
        LABELS.put("CLASSIFIED_PUBLISHED", "标密信息在网站、微博或公众号公开");
        LABELS.put("MARKING_REMOVED", "掩盖密级扫描、摘录后公开");
        LABELS.put("SENSITIVE_CONTENT", "内部或敏感信息公开");
        LABELS.put("PERSONAL_DATA", "个人信息未经处理公开");
        LABELS.put("CONTENT_MISMATCH", "上网内容与审批内容不一致");
        LABELS.put("OTHER", "其他问题");
    }

    private Problems() {
    }

    public static String label(String code) {
        return code == null ? "" : LABELS.getOrDefault(code, code);
    }
}
