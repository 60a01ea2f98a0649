package cn.disclosure.review.core;

/** Where an item is published. New channels (e.g. a 头条号 or an app) are added here. */
public enum Channel {
    WEBSITE("门户网站"),
    WECHAT("微信公众号"),
    WEIBO("政务微博");

    public final String label;

    Channel(String label) {
        this.label = label;
    }
}
