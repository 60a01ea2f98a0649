package cn.disclosure.review.ui;

import cn.disclosure.review.core.Channel;

import java.util.List;
import java.util.Locale;

/** An option of a select box on a page. */
public record Option(String value, String label, boolean selected) {

    static boolean given(String s) {
        return s != null && !s.isBlank();
    }

    /** The enum constant named by a filter value, or null when none is given or it names nothing. */
    static <E extends Enum<E>> E parse(Class<E> type, String value) {
        if (!given(value)) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A publishing channel named by a form or filter value; null for none, an unknown name, OA or EMAIL. */
    static Channel publishingChannel(String value) {
        Channel c = parse(Channel.class, value);
        return c == null || !c.publishing ? null : c;
    }

    /** The options of a channel picker: publishing channels only (OA and EMAIL have no drafts). */
    static List<Option> channels(Channel selected) {
        return Channel.publishingChannels().stream().map(x -> new Option(x.name(), x.label, x == selected)).toList();
    }
}
