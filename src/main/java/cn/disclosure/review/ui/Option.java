package cn.disclosure.review.ui;

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
}
