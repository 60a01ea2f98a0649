package cn.disclosure.review.web;

/** Thrown by services to answer with a problem-details body; see {@link ProblemMappers}. */
public class ProblemException extends RuntimeException {
    private final Problem problem;

    public ProblemException(int status, String code, String message) {
        super(code + ": " + message);
        this.problem = new Problem(status, code, message, message);
    }

    public ProblemException with(String key, Object value) {
        problem.with(key, value);
        return this;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(404, "not-found", what + "不存在");
    }

    public static ProblemException badRequest(String code, String message) {
        return new ProblemException(400, code, message);
    }

    public static ProblemException conflict(String code, String message) {
        return new ProblemException(409, code, message);
    }

    public static ProblemException forbidden(String code, String message) {
        return new ProblemException(403, code, message);
    }
}
