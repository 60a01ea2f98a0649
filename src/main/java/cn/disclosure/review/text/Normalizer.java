package cn.disclosure.review.text;

import cn.disclosure.review.extract.ExtractedPart.Origin;

import java.util.List;

/**
 * The normalisation chain, in the shape of a Lucene analysis chain: small steps, each doing one
 * job, and an offset map that keeps every normalised character pointing at its original. The
 * character steps ({@link CharStep}: invisible characters removed, full-width folded, ASCII lower
 * case, 繁→简) are composed into one lookup table when the chain is built; the context steps
 * ({@link GapRemoval}: noise between Chinese characters, OCR spacing) are evaluated in the same
 * single pass over the text. No regular expression, no allocation per character.
 */
public final class Normalizer {
    private static final int REMOVED = 1;
    private static final int GAP_SHIFT = 1;
    private static final int SIDE_SHIFT = 4;
    private static final int MAX_GAP_STEPS = 3;

    private static final List<CharStep> CHAR_STEPS = List.of(
            new InvisibleCharacters(), new WidthFolding(), new AsciiLowerCase(), new TraditionalToSimplified());

    private static final class Instances {
        static final Normalizer STANDARD = new Normalizer(CHAR_STEPS, List.of(GapRemoval.betweenHan()));
        static final Normalizer OCR = new Normalizer(CHAR_STEPS, List.of(GapRemoval.betweenHan(), GapRemoval.ocrSpacing()));
    }

    private final char[] map = new char[65536];
    private final byte[] flags = new byte[65536];
    private final int[] maxLength;
    private final int[] maxLineBreaks;

    public Normalizer(List<CharStep> charSteps, List<GapRemoval> gapSteps) {
        if (gapSteps.size() > MAX_GAP_STEPS) {
            throw new IllegalArgumentException("at most " + MAX_GAP_STEPS + " gap steps");
        }
        maxLength = new int[gapSteps.size()];
        maxLineBreaks = new int[gapSteps.size()];
        for (int r = 0; r < gapSteps.size(); r++) {
            maxLength[r] = gapSteps.get(r).maxLength();
            maxLineBreaks[r] = gapSteps.get(r).maxLineBreaks();
        }
        for (int c0 = 0; c0 < 65536; c0++) {
            int c = c0;
            for (CharStep step : charSteps) {
                c = step.apply((char) c);
                if (c == CharStep.REMOVE) {
                    break;
                }
            }
            if (c == CharStep.REMOVE) {
                flags[c0] = REMOVED;
                continue;
            }
            map[c0] = (char) c;
            int f = 0;
            for (int r = 0; r < gapSteps.size(); r++) {
                if (gapSteps.get(r).gap().test(c)) {
                    f |= 1 << (GAP_SHIFT + r);
                }
                if (gapSteps.get(r).side().test(c)) {
                    f |= 1 << (SIDE_SHIFT + r);
                }
            }
            flags[c0] = (byte) f;
        }
    }

    /** The chain for what a reader sees, hidden parts and metadata. */
    public static Normalizer standard() {
        return Instances.STANDARD;
    }

    /** The standard chain plus OCR spacing collapsed. */
    public static Normalizer ocr() {
        return Instances.OCR;
    }

    public static Normalizer forOrigin(Origin origin) {
        return origin == Origin.OCR ? ocr() : standard();
    }

    /** The normalised form of a single character, or -1 when the chain removes it. */
    public int mapChar(char c) {
        return (flags[c] & REMOVED) != 0 ? -1 : map[c];
    }

    public NormalizedText normalize(String text) {
        int n = text.length();
        char[] out = new char[n];
        int[] toOriginal = new int[n];
        int m = 0;
        int runStart = -1;
        int runMask = 0;
        int runLength = 0;
        int runBreaks = 0;
        int leftSide = 0;
        int previousSide = 0;
        for (int i = 0; i < n; i++) {
            char original = text.charAt(i);
            int f = flags[original];
            if ((f & REMOVED) != 0) {
                continue;
            }
            char c = map[original];
            int gap = (f >>> GAP_SHIFT) & 7;
            if (gap != 0) {
                if (runStart < 0) {
                    runStart = m;
                    runMask = gap;
                    runLength = 0;
                    runBreaks = 0;
                    leftSide = previousSide;
                } else {
                    runMask &= gap;
                }
                runLength++;
                if (c == '\n') {
                    runBreaks++;
                }
                out[m] = c;
                toOriginal[m++] = i;
                continue;
            }
            int side = (f >>> SIDE_SHIFT) & 7;
            if (runStart >= 0) {
                int removable = runMask & leftSide & side;
                if (removable != 0 && withinLimits(removable, runLength, runBreaks)) {
                    m = runStart;
                }
                runStart = -1;
            }
            out[m] = c;
            toOriginal[m++] = i;
            previousSide = side;
        }
        return new NormalizedText(text, m == n ? out : java.util.Arrays.copyOf(out, m), toOriginal, m);
    }

    private boolean withinLimits(int steps, int length, int breaks) {
        for (int r = 0; r < maxLength.length; r++) {
            if ((steps & (1 << r)) != 0 && length <= maxLength[r] && breaks <= maxLineBreaks[r]) {
                return true;
            }
        }
        return false;
    }
}
