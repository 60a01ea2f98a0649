package cn.disclosure.review.inspect.recognizers;

import cn.disclosure.review.inspect.AnalyzedText;
import cn.disclosure.review.inspect.Matches;
import cn.disclosure.review.inspect.Recognizer;

/**
 * The shared walk of the personal-number recognizers: triggered at digits, each run of digit
 * groups is read once ({@link DigitRun}); masked runs are skipped; the subclass judges the rest.
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
            if (!run.masked()) {
                judge(t, run, out);
            }
        }
    }

    /** Looks at one unmasked run of digit groups. */
    abstract void judge(AnalyzedText t, DigitRun run, Matches out);
}
