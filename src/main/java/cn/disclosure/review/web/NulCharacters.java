package cn.disclosure.review.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * No NUL character (U+0000) gets into the service: PostgreSQL cannot store it in text, and no
 * legitimate draft, opinion or URL contains one. Every JSON string read by the application's
 * ObjectMapper (request bodies, the multipart {@code draft} part) is refused with 400
 * {@code nul-character} naming the field; {@link NulGuardFilter} does the same for path and query
 * parameters and text bodies, and {@link #check} for form fields.
 * <p>
 * Reading stored JSON written before this guard existed can opt out with
 * {@code mapper.readerFor(type).withAttribute(NulCharacters.ALLOW, true)}.
 */
@Singleton
public class NulCharacters implements ObjectMapperCustomizer {
    /** Deserialization attribute: when {@code true}, strings with NUL are read as they are. */
    public static final String ALLOW = "review.nul-allowed";

    /** The refusal, with the JSON path of the field: a NUL, or a lone UTF-16 surrogate (no character at all). */
    public static final class NulInJsonException extends JsonMappingException {
        private final boolean nul;

        NulInJsonException(JsonParser p, boolean nul) {
            super(p, nul ? "NUL character in a JSON string" : "unpaired surrogate in a JSON string");
            this.nul = nul;
        }

        public ProblemException problem(String field) {
            return nul ? refusal(field)
                    : new ProblemException(400, "invalid-character", "请求中含有无效的字符（不成对的代理项）" + (field == null ? "" : "：" + field))
                    .with("field", field);
        }
    }

    static final class Deserializer extends StdScalarDeserializer<String> {
        Deserializer() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String s = StringDeserializer.instance.deserialize(p, ctxt);
            if (s == null || Boolean.TRUE.equals(ctxt.getAttribute(ALLOW))) {
                return s;
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\0') {
                    throw new NulInJsonException(p, true);
                }
                if (Character.isSurrogate(c)) {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        i++;
                    } else {
                        throw new NulInJsonException(p, false);
                    }
                }
            }
            return s;
        }
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("review-nul-guard").addDeserializer(String.class, new Deserializer()));
    }

    /** A form field or other text: 400 {@code nul-character} when it holds U+0000. */
    public static String check(String field, String value) {
        if (value != null && value.indexOf('\0') >= 0) {
            throw refusal(field);
        }
        return value;
    }

    public static ProblemException refusal(String field) {
        return new ProblemException(400, "nul-character", "请求中含有不允许的空字符（\\u0000）" + (field == null || field.isEmpty() ? "" : "：" + field))
                .with("field", field);
    }
}
