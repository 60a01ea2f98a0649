package cn.disclosure.review.ui;

import cn.disclosure.review.extract.ExtractedPart;
import cn.disclosure.review.inspect.Category;
import cn.disclosure.review.core.Severity;
import cn.disclosure.review.core.Channel;
import cn.disclosure.review.workflow.DecisionType;
import cn.disclosure.review.workflow.ReviewState;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/** The Chinese words the pages use for the service's codes, times and durations. */
public final class Labels {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** What the last segment of an extracted part's name means (see ExtractedPart). */
    private static final Map<String, String> PLACES = Map.ofEntries(
            Map.entry("header", "页眉"), Map.entry("footer", "页脚"), Map.entry("comment", "批注"),
            Map.entry("footnote", "脚注"), Map.entry("endnote", "尾注"), Map.entry("tracked-deletion", "修订中删除的文字"),
            Map.entry("tracked-move", "修订中移动的文字"), Map.entry("hidden-text", "隐藏文字"),
            Map.entry("html-comment", "网页注释"), Map.entry("hidden-element", "网页隐藏元素"), Map.entry("script", "网页脚本"),
            Map.entry("ocr", "图片识别文字"), Map.entry("notes", "演讲者备注"), Map.entry("file-name", "文件名"),
            Map.entry("metadata", "文档属性"), Map.entry("attribute", "元素属性"));

    private Labels() {
    }

    public static String category(Category c) {
        if (c == null) {
            return "其他";
        }
        return switch (c) {
            case CLASSIFICATION_MARK -> "密级标志";
            case SENSITIVE_TERM -> "敏感词";
            case PERSONAL_INFO -> "个人信息";
            case HIDDEN_CONTENT -> "隐藏内容";
            case UNREADABLE -> "无法读取";
            case ACTIVE_CONTENT -> "活动内容";
            case EXCERPT -> "摘录受保护文件";
        };
    }

    /**
     * For an EXCERPT finding, the protected document it shares a passage with, as its message names
     * it: 《title》（编号 id）; empty for every other finding.
     */
    public static String excerptSource(cn.disclosure.review.inspect.Finding f) {
        if (f == null || f.category() != Category.EXCERPT || f.message() == null) {
            return "";
        }
        String m = f.message();
        int a = m.indexOf('《');
        int b = m.lastIndexOf("》（编号 ");
        int c = b < 0 ? -1 : m.indexOf('）', b);
        return a < 0 || b <= a || c < 0 ? "" : m.substring(a, c + 1);
    }

    public static String severity(Severity s) {
        if (s == null) {
            return "提示";
        }
        return switch (s) {
            case BLOCK -> "禁止发布";
            case WARN -> "需人工确认";
            case INFO -> "提示";
        };
    }

    public static String verdict(String verdict) {
        if (verdict == null) {
            return "";
        }
        return switch (verdict) {
            case "PASS" -> "通过";
            case "WARN" -> "需人工确认";
            case "BLOCK" -> "禁止发布";
            case "PENDING", "RUNNING" -> "检查中";
            default -> verdict;
        };
    }

    public static String decision(String decision) {
        if (decision == null) {
            return "";
        }
        try {
            return DecisionType.valueOf(decision).label;
        } catch (IllegalArgumentException e) {
            return decision;
        }
    }

    /** A chain step's status (ChainStep.status). */
    public static String stepStatus(String status) {
        if (status == null) {
            return "";
        }
        return switch (status) {
            case "PENDING" -> "待审";
            case "WAITING" -> "未轮到";
            case "NOT_REACHED" -> "未进行";
            default -> decision(status);
        };
    }

    public static String state(String state) {
        try {
            return ReviewState.valueOf(state).label;
        } catch (IllegalArgumentException | NullPointerException e) {
            return state == null ? "" : state;
        }
    }

    public static String channel(String channel) {
        try {
            return Channel.valueOf(channel).label;
        } catch (IllegalArgumentException | NullPointerException e) {
            return channel == null ? "" : channel;
        }
    }

    public static String origin(ExtractedPart.Origin origin) {
        if (origin == null) {
            return "";
        }
        return switch (origin) {
            case VISIBLE -> "可见内容";
            case HIDDEN -> "隐藏内容（阅读时看不到）";
            case METADATA -> "文档属性";
            case OCR -> "图片识别文字";
        };
    }

    /** "标题", "正文", "正文 · 网页注释", "附件 通知.docx · 页眉", "附件 a.zip/b.docx · 批注"… */
    public static String part(String name) {
        if (name == null || name.isBlank()) {
            return "稿件";
        }
        if (name.equals("title")) {
            return "标题";
        }
        String root = name.startsWith("body") && (name.length() == 4 || name.charAt(4) == '/') ? "正文" : null;
        String rest = root == null ? name : name.substring(4);
        String place = null;
        int slash = rest.lastIndexOf('/');
        if (slash >= 0) {
            String last = rest.substring(slash + 1);
            String key = last.contains(":") ? last.substring(0, last.indexOf(':')) : last;
            String known = PLACES.get(key.toLowerCase(Locale.ROOT));
            if (known != null) {
                place = last.contains(":") ? known + "（" + last.substring(last.indexOf(':') + 1) + "）" : known;
                rest = rest.substring(0, slash);
            }
        }
        String where = root != null ? root : "附件 " + rest;
        return place == null ? where : where + " · " + place;
    }

    public static String time(OffsetDateTime t, ZoneId zone) {
        return t == null ? "" : TIME.format(t.atZoneSameInstant(zone));
    }

    /** How long something has waited, the way people say it: "不到 1 分钟", "25 分钟", "2 小时", "3 天". */
    public static String waiting(OffsetDateTime since, OffsetDateTime now) {
        if (since == null) {
            return "";
        }
        Duration d = Duration.between(since, now);
        if (d.isNegative() || d.toMinutes() < 1) {
            return "不到 1 分钟";
        }
        if (d.toMinutes() < 60) {
            return d.toMinutes() + " 分钟";
        }
        if (d.toHours() < 48) {
            return d.toHours() + " 小时";
        }
        return d.toDays() + " 天";
    }
}
