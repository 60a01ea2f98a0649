package cn.disclosure.review.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bean Validation of request records where no {@code @Valid} parameter triggers it (a multipart
 * part, a service shared by the API and the web UI), and the one problem shape for violations:
 * 400 {@code invalid-input} with {@code fields: [{field, message}]}.
 */
@ApplicationScoped
public class InputRules {
    @Inject
    Validator validator;

    /** {@code input} when it satisfies its constraints; otherwise a 400 problem listing the fields. */
    public <T> T valid(T input) {
        if (input != null) {
            Set<ConstraintViolation<T>> violations = validator.validate(input);
            if (!violations.isEmpty()) {
                ProblemException e = new ProblemException(400, "invalid-input", detail(violations));
                e.with("fields", fields(violations));
                throw e;
            }
        }
        return input;
    }

    public static Problem problem(Set<? extends ConstraintViolation<?>> violations) {
        return new Problem(400, "invalid-input", "请求内容不符合要求", detail(violations)).with("fields", fields(violations));
    }

    private static String detail(Set<? extends ConstraintViolation<?>> violations) {
        List<String> parts = new ArrayList<>();
        for (Map<String, String> f : fields(violations)) {
            parts.add(f.get("field") + " " + f.get("message"));
        }
        return "请求内容不符合要求：" + String.join("；", parts);
    }

    private static List<Map<String, String>> fields(Set<? extends ConstraintViolation<?>> violations) {
        List<Map<String, String>> out = new ArrayList<>();
        violations.stream()
                .sorted(Comparator.comparing((ConstraintViolation<?> v) -> field(v.getPropertyPath())).thenComparing(ConstraintViolation::getMessage))
                .forEach(v -> {
                    Map<String, String> m = new LinkedHashMap<>();
                    m.put("field", field(v.getPropertyPath()));
                    m.put("message", v.getMessage());
                    out.add(m);
                });
        return out;
    }

    /** The field as a client names it: the last property of the path (a method's parameter prefix dropped). */
    static String field(Path path) {
        String name = null;
        Integer index = null;
        for (Path.Node n : path) {
            if (n.getKind() == jakarta.validation.ElementKind.PROPERTY) {
                name = name == null || n.getName() == null ? n.getName() : name + "." + n.getName();
                index = n.getIndex();
            } else if (n.getKind() == jakarta.validation.ElementKind.CONTAINER_ELEMENT && n.getIndex() != null) {
                index = n.getIndex();
            }
        }
        if (name == null) {
            return "body";
        }
        return index == null ? name : name + "[" + index + "]";
    }
}
