package cn.disclosure.review.core;

import java.util.Arrays;
import java.util.List;

/**
 * Where an item is published — or, for the check-and-reminder channels, where text is stored,
 * processed or sent without being published: {@link #OA} (互联网办公自动化系统) and {@link #EMAIL}
 * (政务邮箱). Those have a 保密提醒 and can be checked ({@code POST /api/v1/check}), but they have
 * no drafts, approvals, publications or register rows; every lifecycle endpoint refuses them
 * ({@link Channels#parse}). New publishing channels (e.g. a 头条号 or an app) are added here.
 */
public enum Channel {
    WEBSITE("门户网站", true),
    WECHAT("微信公众号", true),
    WEIBO("政务微博", true),
    OA("互联网办公自动化系统", false),
    EMAIL("政务邮箱", false);

    public final String label;
    /** Whether drafts are written for the channel and published on it (false: check and reminder only). */
    public final boolean publishing;

    Channel(String label, boolean publishing) {
        this.label = label;
        this.publishing = publishing;
    }

    /** The channels drafts, approvals, publications, the register and webhooks are about. */
    public static List<Channel> publishingChannels() {
        return Arrays.stream(values()).filter(c -> c.publishing).toList();
    }
}
