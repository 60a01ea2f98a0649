package cn.disclosure.review.extract;

import org.xml.sax.SAXException;

/**
 * Stops reading because a limit was reached; carries the problem to report. A SAXException so
 * it passes unchanged through Tika's and the XML parsers' content handlers.
 */
final class LimitReachedException extends SAXException {

    private final transient ExtractionProblem problem;

    LimitReachedException(ExtractionProblem problem) {
        super(problem.code());
        this.problem = problem;
    }

    ExtractionProblem problem() {
        return problem;
    }

    /** The limit somewhere in the cause chain of {@code failure}, or null. */
    static LimitReachedException in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof LimitReachedException limit) {
                return limit;
            }
            if (t instanceof SAXException sax && sax.getException() instanceof LimitReachedException limit) {
                return limit;
            }
        }
        return null;
    }
}
