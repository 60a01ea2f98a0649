package cn.disclosure.review.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The NUL guard ({@link NulCharacters}) for what is not JSON: decoded path and query parameters
 * of every REST call, and text bodies read as a String (e.g. a lexicon TSV).
 */
@Provider
public class NulGuardFilter implements ReaderInterceptor {

    @ServerRequestFilter
    public Optional<jakarta.ws.rs.core.Response> parameters(ContainerRequestContext request) {
        String bad = firstWithNul(request.getUriInfo().getPathParameters(true));
        if (bad == null) {
            bad = firstWithNul(request.getUriInfo().getQueryParameters(true));
        }
        if (bad == null && request.getUriInfo().getPath(true).indexOf('\0') >= 0) {
            bad = "path";
        }
        if (bad != null) {
            return Optional.of(ProblemMappers.of(NulCharacters.refusal(bad).problem()));
        }
        return Optional.empty();
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        Object read = context.proceed();
        if (read instanceof String s && s.indexOf('\0') >= 0) {
            throw NulCharacters.refusal("body");
        }
        return read;
    }

    private static String firstWithNul(MultivaluedMap<String, String> params) {
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            if (e.getKey().indexOf('\0') >= 0) {
                return "parameter";
            }
            for (String v : e.getValue()) {
                if (v != null && v.indexOf('\0') >= 0) {
                    return e.getKey();
                }
            }
        }
        return null;
    }
}
