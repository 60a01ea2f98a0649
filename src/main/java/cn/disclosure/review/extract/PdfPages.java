package cn.disclosure.review.extract;

import java.io.IOException;
import java.util.Set;

import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.pdfparser.PDFStreamParser;
import org.apache.pdfbox.pdmodel.PDPage;

/** Whether a PDF page without a text layer draws something (a scan, outlined text) rather than nothing. */
final class PdfPages {

    /** Operators that put marks on the page: images, XObjects, fills, strokes, shadings, text. */
    private static final Set<String> PAINTING = Set.of("Do", "BI", "f", "F", "f*", "B", "B*", "b", "b*", "S", "s",
            "sh", "Tj", "TJ", "'", "\"");

    private PdfPages() {
    }

    /** Whether the page puts any mark on paper (image, form, fill, stroke, shading, text). */
    static boolean paints(PDPage page) throws IOException {
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
