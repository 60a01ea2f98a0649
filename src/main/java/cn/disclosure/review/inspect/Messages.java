package cn.disclosure.review.inspect;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Collections;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.Properties;
import java.util.Set;

/**
 * The Chinese finding messages, in one bundle: {@code messages/findings.properties} (UTF-8), looked
 * up by key; arguments are filled in with {@link MessageFormat} ({@code {0}}, {@code {1}}…). A key
 * missing from the bundle is an error at the first lookup, not an empty message.
 */
public final class Messages {
    public static final String BUNDLE = "/messages/findings.properties";
    private static final Properties TEXTS = load();

    private Messages() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Messages.class.getResourceAsStream(BUNDLE)) {
            if (in == null) {
                throw new IllegalStateException("message bundle missing: " + BUNDLE);
            }
            try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        } catch (IOException e) {
            throw new IllegalStateException("message bundle unreadable: " + BUNDLE, e);
        }
        return p;
    }

    /** The message under {@code key}, with {@code args} filled in. */
    public static String text(String key, Object... args) {
        String pattern = TEXTS.getProperty(key);
        if (pattern == null) {
            throw new MissingResourceException("no finding message " + key, BUNDLE, key);
        }
        if (args.length == 0) {
            return pattern;
        }
        return new MessageFormat(pattern, Locale.ROOT).format(args);
    }

    /** Every key of the bundle (tests check each is used and each used key exists). */
    public static Set<String> keys() {
        return Collections.unmodifiableSet(TEXTS.stringPropertyNames());
    }
}
