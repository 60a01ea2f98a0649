package cn.disclosure.review.intake;

import cn.disclosure.review.inspect.InspectionEngine;
import cn.disclosure.review.inspect.InspectionRequest;
import cn.disclosure.review.inspect.InspectionResult;
import cn.disclosure.review.web.NulCharacters;
import cn.disclosure.review.web.ProblemException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Runs the automatic inspection for a revision (through the {@link InspectionEngine} interface only)
 * and stores/reads its result as JSON. An engine failure refuses the submission (503): a revision
 * is never stored without a verdict.
 */
@ApplicationScoped
public class Inspections {
    private static final Logger LOG = Logger.getLogger(Inspections.class);

    @Inject
    InspectionEngine engine;
    @Inject
    ObjectMapper json;

    public InspectionResult inspect(Channel channel, String title, String body, List<Upload> files) {
        try {
            InspectionResult result = engine.inspect(new InspectionRequest(channel, title, body,
                    files.stream().map(Upload::asSubmittedFile).toList()));
            if (result == null || result.verdict() == null) {
                throw new IllegalStateException("inspection engine returned no verdict");
            }
            return result;
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.errorf("自动检查失败：%s", e.getClass().getName());
            LOG.debug("inspection failure", e);
            throw new ProblemException(503, "inspection-failed", "自动检查未能完成，稿件未保存，请稍后重新提交");
        }
    }

    public String toJson(InspectionResult result) {
        try {
            return json.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public InspectionResult fromJson(String stored) {
        try {
            // stored by the service itself (extracted text may hold any character): not subject to the request NUL guard
            return json.readerFor(InspectionResult.class).withAttribute(NulCharacters.ALLOW, Boolean.TRUE).readValue(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored inspection result unreadable", e);
        }
    }
}
