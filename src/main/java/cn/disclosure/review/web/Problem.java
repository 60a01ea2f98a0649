package cn.disclosure.review.web;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RFC 9457 problem details: a stable machine {@code code}, a Chinese {@code title}/{@code detail}
 * for people, and any extra members (current state, allowed transitions, reasons…).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Problem {
    public static final String MEDIA_TYPE = "application/problem+json";

    public final String type;
    public final String title;
    public final int status;
    public final String code;
    public final String detail;
    private final Map<String, Object> extra = new LinkedHashMap<>();

    public Problem(int status, String code, String title, String detail) {
        this.type = "urn:review:problem:" + code;
        this.status = status;
        this.code = code;
        this.title = title;
        this.detail = detail;
    }

    public Problem with(String key, Object value) {
        extra.put(key, value);
        return this;
    }

    @JsonAnyGetter
    public Map<String, Object> extra() {
        return extra;
    }
}
