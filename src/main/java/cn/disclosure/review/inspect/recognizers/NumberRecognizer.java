package cn.disclosure.review.inspect.recognizers;

import cn.disclosure.review.inspect.AnalyzedText;
import cn.disclosure.review.inspect.Matches;
import cn.disclosure.review.inspect.Recognizer;

/**
 * The shared walk of the personal-number recognizers: triggered at digits, each run of digit
 * groups is read once ({@link DigitRun}); masked runs are skipped. A run written in the grouping
 * the subclass knows (139 0571 8888) is judged as one number, any other run group by group.
 */
abstract class NumberRecognizer implements Recognizer {

    @Override
    public String anchors() {
        return "0123456789";
    }

    @Override
    public void analyze(AnalyzedText t, Matches out) {
        DigitRun run = new DigitRun();
        int skipTo = 0;
        for (int k = 0; k < t.anchorCount(); k++) {
            int p = t.anchor(k);
            if (p < skipTo || !DigitRun.startsRun(t, p)) {
                continue;
            }
            skipTo = run.read(t, p);
            if (run.masked()) {
                continue;
            }
            int first = firstGroup(run);
            if (run.groups() - first > 1 && grouped(run, first)) {
                check(t, run, first, run.groups(), out);
            } else {
                for (int g = first; g < run.groups(); g++) {
                    check(t, run, g, g + 1, out);
                }
            }
        }
    }

    /** The first group that can belong to the number (a prefix like +86 is skipped). */
    int firstGroup(DigitRun run) {
        return 0;
    }

    /** Whether groups [first, end) are written the way this kind of number is grouped. */
    abstract boolean grouped(DigitRun run, int first);

    /** Judges groups [from, to) as one number. */
    abstract void check(AnalyzedText t, DigitRun run, int from, int to, Matches out);
}
