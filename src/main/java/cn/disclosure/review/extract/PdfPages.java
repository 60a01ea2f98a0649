package cn.disclosure.review.extract;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.pdfparser.PDFStreamParser;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;

/** Which PDF pages without a text layer draw something (a scan, outlined text) rather than nothing. */
final class PdfPages {

    /** Operators that put marks on the page: images, XObjects, fills, strokes, shadings, text. */
    private static final Set<String> PAINTING = Set.of("Do", "BI", "f", "F", "f*", "B", "B*", "b", "b*", "S", "s",
            "sh", "Tj", "TJ", "'", "\"");

    private PdfPages() {
    }

    /** Pages (1-based) among {@code pages} that paint anything; all of them when unsure. */
    static List<Integer> drawn(byte[] pdf, List<Integer> pages) {
        List<Integer> drawn = new ArrayList<>();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            for (int number : pages) {
                if (number < 1 || number > doc.getNumberOfPages() || paints(doc.getPage(number - 1))) {
                    drawn.add(number);
                }
            }
        } catch (IOException | RuntimeException e) {
            return pages;
        }
        return drawn;
    }

    private static boolean paints(PDPage page) throws IOException {
        if (!page.hasContents()) {
            return false;
        }
        PDFStreamParser parser = new PDFStreamParser(page);
        Object token;
        while ((token = parser.parseNextToken()) != null) {
            if (token instanceof Operator op && PAINTING.contains(op.getName())) {
                return true;
            }
        }
        return false;
    }
}
