package cn.disclosure.review.oversight;

import cn.disclosure.review.web.ProblemException;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jboss.logging.Logger;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A report as headed sections of lines and tables, written as xlsx (Apache POI: one sheet per
 * table, the text on the first) or PDF (PDFBox, A4, with a Chinese font from
 * {@code review.oversight.pdf-font}). Spreadsheet cells that would run as a formula are stored as
 * text (POI writes string cells, never formulas).
 */
final class Documents {
    private static final Logger LOG = Logger.getLogger(Documents.class);

    private Documents() {
    }

    /** A document: a title, then blocks in order. */
    record Doc(String title, List<Block> blocks) {
    }

    sealed interface Block permits Heading, Text, Table {
    }

    record Heading(String text) implements Block {
    }

    record Text(String text) implements Block {
    }

    /** A table; {@code sheet} names its xlsx sheet. */
    record Table(String sheet, List<String> header, List<List<Object>> rows) implements Block {
    }

    static byte[] xlsx(Doc doc) {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            CellStyle bold = wb.createCellStyle();
            Font f = wb.createFont();
            f.setBold(true);
            bold.setFont(f);
            CellStyle wrap = wb.createCellStyle();
            wrap.setWrapText(true);
            Sheet first = wb.createSheet(safeSheet(doc.title(), 0));
            first.setColumnWidth(0, 120 * 256);
            int r = 0;
            Cell t = first.createRow(r++).createCell(0);
            t.setCellValue(doc.title());
            t.setCellStyle(bold);
            int tables = 0;
            for (Block b : doc.blocks()) {
                if (b instanceof Heading h) {
                    r++;
                    Cell c = first.createRow(r++).createCell(0);
                    c.setCellValue(h.text());
                    c.setCellStyle(bold);
                } else if (b instanceof Text x) {
                    Cell c = first.createRow(r++).createCell(0);
                    c.setCellValue(x.text());
                    c.setCellStyle(wrap);
                } else if (b instanceof Table tb) {
                    tables++;
                    Sheet s = wb.createSheet(safeSheet(tb.sheet(), tables));
                    Row head = s.createRow(0);
                    for (int i = 0; i < tb.header().size(); i++) {
                        Cell c = head.createCell(i);
                        c.setCellValue(tb.header().get(i));
                        c.setCellStyle(bold);
                        s.setColumnWidth(i, Math.min(60, Math.max(10, tb.header().get(i).length() * 3)) * 256);
                    }
                    int n = 1;
                    for (List<Object> row : tb.rows()) {
                        Row x = s.createRow(n++);
                        for (int i = 0; i < row.size(); i++) {
                            Object v = row.get(i);
                            Cell c = x.createCell(i);
                            if (v instanceof Number num) {
                                c.setCellValue(num.doubleValue());
                            } else if (v != null) {
                                c.setCellValue(v.toString());
                            }
                        }
                    }
                    s.createFreezePane(0, 1);
                }
            }
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String safeSheet(String name, int n) {
        String s = name.replaceAll("[\\\\/?*\\[\\]:]", " ");
        if (s.length() > 28) {
            s = s.substring(0, 28);
        }
        return n == 0 ? s : n + " " + s;
    }

    // ---- PDF -----------------------------------------------------------------------------------

    private static final float MARGIN = 50;
    private static final float SIZE = 10.5f;
    private static final float LEADING = 16;

    static byte[] pdf(Doc doc, String fontPath, String fontName) {
        File file = new File(fontPath);
        if (!file.isFile()) {
            throw new ProblemException(503, "pdf-font-missing",
                    "服务器未安装生成 PDF 所需的中文字体（review.oversight.pdf-font），请改用 xlsx 导出或联系管理员");
        }
        try (PDDocument pdf = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            TrueTypeCollection collection = null;
            PDType0Font font;
            try {
                if (fontPath.toLowerCase().endsWith(".ttc")) {
                    collection = new TrueTypeCollection(file);
                    TrueTypeFont ttf = collection.getFontByName(fontName);
                    if (ttf == null) {
                        throw new ProblemException(503, "pdf-font-missing", "字体文件中没有配置的字体（review.oversight.pdf-font-name）");
                    }
                    font = PDType0Font.load(pdf, ttf, true);
                } else {
                    font = PDType0Font.load(pdf, file);
                }
                new Writer(pdf, font).write(doc);
                pdf.save(out);
            } finally {
                if (collection != null) {
                    collection.close();
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            LOG.errorf("PDF 生成失败：%s", e.getClass().getName());
            throw new ProblemException(503, "pdf-failed", "PDF 生成失败，请改用 xlsx 导出");
        }
    }

    /** Lays lines out top to bottom, wrapping by measured width, starting pages as needed. */
    private static final class Writer {
        private final PDDocument pdf;
        private final PDType0Font font;
        private final float width = PDRectangle.A4.getWidth() - 2 * MARGIN;
        private PDPageContentStream cs;
        private float y;

        Writer(PDDocument pdf, PDType0Font font) {
            this.pdf = pdf;
            this.font = font;
        }

        void write(Doc doc) throws IOException {
            newPage();
            line(doc.title(), 16, 0);
            y -= 6;
            for (Block b : doc.blocks()) {
                if (b instanceof Heading h) {
                    y -= 6;
                    line(h.text(), 13, 0);
                } else if (b instanceof Text t) {
                    paragraph(t.text(), SIZE, 0);
                } else if (b instanceof Table tb) {
                    paragraph(String.join(" ｜ ", tb.header()), SIZE, 0);
                    for (List<Object> row : tb.rows()) {
                        List<String> cells = new ArrayList<>();
                        for (Object o : row) {
                            cells.add(o == null ? "" : o.toString());
                        }
                        paragraph("· " + String.join(" ｜ ", cells), SIZE, 12);
                    }
                }
            }
            cs.close();
        }

        private void newPage() throws IOException {
            if (cs != null) {
                cs.close();
            }
            PDPage page = new PDPage(PDRectangle.A4);
            pdf.addPage(page);
            cs = new PDPageContentStream(pdf, page);
            y = PDRectangle.A4.getHeight() - MARGIN;
        }

        private void paragraph(String text, float size, float indent) throws IOException {
            for (String raw : text.split("\n")) {
                String s = printable(raw);
                StringBuilder current = new StringBuilder();
                for (int i = 0; i < s.length(); ) {
                    int cp = s.codePointAt(i);
                    String ch = new String(Character.toChars(cp));
                    if (current.length() > 0 && widthOf(current + ch, size) > width - indent) {
                        line(current.toString(), size, indent);
                        current.setLength(0);
                    }
                    current.append(ch);
                    i += Character.charCount(cp);
                }
                line(current.toString(), size, indent);
            }
        }

        private String printable(String s) {
            StringBuilder sb = new StringBuilder();
            s.codePoints().forEach(cp -> {
                String ch = new String(Character.toChars(cp));
                if (Character.isISOControl(cp)) {
                    sb.append(' ');
                    return;
                }
                try {
                    font.encode(ch);
                    sb.append(ch);
                } catch (IOException | IllegalArgumentException e) {
                    sb.append('?');
                }
            });
            return sb.toString();
        }

        private float widthOf(String s, float size) throws IOException {
            return font.getStringWidth(s) / 1000 * size;
        }

        private void line(String s, float size, float indent) throws IOException {
            if (y < MARGIN + LEADING) {
                newPage();
            }
            y -= size + (LEADING - SIZE);
            cs.beginText();
            cs.setFont(font, size);
            cs.newLineAtOffset(MARGIN + indent, y);
            cs.showText(printable(s));
            cs.endText();
        }
    }
}
