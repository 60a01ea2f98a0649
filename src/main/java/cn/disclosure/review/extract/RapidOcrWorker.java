package cn.disclosure.review.extract;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

import com.benjaminwan.ocrlibrary.OcrEngine;
import com.benjaminwan.ocrlibrary.OcrResult;
import com.benjaminwan.ocrlibrary.Point;
import com.benjaminwan.ocrlibrary.TextBlock;

/**
 * The OCR worker process of the {@code rapidocr} engine (started by {@link RapidOcrEngine}, never in
 * the service's JVM): loads RapidOCR's native library (ONNX Runtime with the PP-OCR models) and
 * recognises one picture per request, so that a crash of native code or a picture that takes too
 * long ends this process only. Uses nothing but the JDK and RapidOCR's JNI class.
 *
 * <p>Arguments: library, models directory (ending in /), detection, classification, recognition
 * model and key file names, longest side for detection, whether line directions are classified. Requests on standard input, one per line:
 * {@code <id> <path of a 24-bit BMP>}. Answers on standard output, one per line, after anything
 * the native library prints: {@code @@ocr <id> ok <base64 UTF-8 text>} or {@code @@ocr <id> fail};
 * first {@code @@ocr ready} (or {@code @@ocr init-failed}). Ends at the end of its input. Prints no
 * text in the clear and logs nothing.
 */
public final class RapidOcrWorker {

    static final String MARK = "@@ocr ";

    private RapidOcrWorker() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.US_ASCII);
        OcrEngine engine;
        int maxSideLen;
        boolean angle;
        try {
            System.load(args[0]);
            engine = new OcrEngine();
            engine.initLogger(false, false, false);
            engine.setNumThread(1);
            if (!engine.initModels(args[1], args[2], args[3], args[4], args[5])) {
                throw new IllegalStateException("models");
            }
            maxSideLen = Integer.parseInt(args[6]);
            angle = Boolean.parseBoolean(args[7]);
        } catch (Throwable e) {
            out.println(MARK + "init-failed " + e.getClass().getSimpleName());
            System.exit(2);
            return;
        }
        out.println(MARK + "ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            int space = line.indexOf(' ');
            if (space <= 0) {
                continue;
            }
            String id = line.substring(0, space);
            String answer;
            try {
                OcrResult result = engine.detect(line.substring(space + 1), 50, maxSideLen, 0.5f, 0.3f, 1.6f, angle, angle);
                List<Block> blocks = new ArrayList<>();
                for (TextBlock block : result.getTextBlocks()) {
                    int top = Integer.MAX_VALUE;
                    int bottom = Integer.MIN_VALUE;
                    int left = Integer.MAX_VALUE;
                    for (Point p : block.getBoxPoint()) {
                        top = Math.min(top, p.getY());
                        bottom = Math.max(bottom, p.getY());
                        left = Math.min(left, p.getX());
                    }
                    blocks.add(new Block(left, top, bottom, block.getText()));
                }
                answer = "ok " + Base64.getEncoder().encodeToString(layout(blocks).getBytes(StandardCharsets.UTF_8));
            } catch (Throwable e) {
                answer = "fail";
            }
            out.println(MARK + id + " " + answer);
        }
    }

    /** A recognised text box: its left edge, top and bottom, and text. */
    record Block(int left, int top, int bottom, String text) {
        int middle() {
            return (top + bottom) / 2;
        }
    }

    /**
     * The boxes as lines of text, top to bottom: boxes whose vertical middles lie within half a box
     * height of each other form one line, left to right, separated by a space (a marking such as
     * 机密★5年 detected as two boxes stays on one line for the recognizers).
     */
    static String layout(List<Block> blocks) {
        List<Block> sorted = new ArrayList<>(blocks);
        sorted.removeIf(b -> b.text() == null || b.text().isBlank());
        sorted.sort(Comparator.comparingInt(Block::middle));
        StringBuilder text = new StringBuilder();
        List<Block> line = new ArrayList<>();
        for (Block b : sorted) {
            if (!line.isEmpty()) {
                Block first = line.get(0);
                int height = Math.max(1, Math.max(first.bottom() - first.top(), b.bottom() - b.top()));
                if (b.middle() - first.middle() > height / 2) {
                    appendLine(text, line);
                    line.clear();
                }
            }
            line.add(b);
        }
        appendLine(text, line);
        return text.toString();
    }

    private static void appendLine(StringBuilder text, List<Block> line) {
        if (line.isEmpty()) {
            return;
        }
        line.sort(Comparator.comparingInt(Block::left));
        for (int i = 0; i < line.size(); i++) {
            text.append(i == 0 ? "" : " ").append(line.get(i).text().strip());
        }
        text.append('\n');
    }
}
