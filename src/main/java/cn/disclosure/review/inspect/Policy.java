package cn.disclosure.review.inspect;

/**
 * The verdict policy: how much each signal weighs. The verdict of an inspection is the heaviest
 * severity among its findings (INFO → PASS). Configured under {@code review.inspect.policy.*}
 * ({@link InspectConfig}); {@link #defaults()} is the same policy for plain-Java use.
 * Fail closed: UNREADABLE is never weighed below WARN, whatever the configuration says.
 */
public record Policy(Severity classificationMark, Severity internalMarking, Severity idCard, Severity bankCard,
                     Severity mobile, Severity termFloor, Severity unreadable, Severity hiddenContent,
                     Severity activeContent) {

    public static Policy defaults() {
        return new Policy(Severity.BLOCK, Severity.WARN, Severity.BLOCK, Severity.BLOCK,
                Severity.WARN, Severity.INFO, Severity.WARN, Severity.WARN, Severity.BLOCK);
    }

    public Severity severityOf(Signal signal, Severity termSeverity) {
        return switch (signal) {
            case CLASSIFICATION_MARK -> classificationMark;
            case INTERNAL_MARKING -> internalMarking;
            case ID_CARD -> idCard;
            case BANK_CARD -> bankCard;
            case MOBILE -> mobile;
            case LEXICON_TERM -> max(termSeverity == null ? Severity.WARN : termSeverity, termFloor);
        };
    }

    public Severity unreadableSeverity() {
        return max(unreadable, Severity.WARN);
    }

    static Severity max(Severity a, Severity b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }
}
