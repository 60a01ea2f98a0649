package cn.disclosure.review.core;

public enum Verdict {
    PASS, WARN, BLOCK;

    public static Verdict of(Severity s) {
        return switch (s) {
            case INFO -> PASS;
            case WARN -> WARN;
            case BLOCK -> BLOCK;
        };
    }

    public Verdict max(Verdict other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
