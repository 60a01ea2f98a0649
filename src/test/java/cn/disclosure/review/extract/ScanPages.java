package cn.disclosure.review.extract;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * Scanned pages as an office's scanner makes them, deterministically: A4 at 300 dpi, a red-header
 * 文件 head on the first page, an optional classification marking at the top left, a title, dense
 * body prose, a ruled table, a page number; optionally turned by a small angle and speckled with
 * noise. Each page comes with the text printed on it, to measure what OCR reads.
 */
public final class ScanPages {

    /** A4 at 300 dpi. */
    public static final int WIDTH = 2480;
    public static final int HEIGHT = 3508;
    private static final int MARGIN = 280;
    private static final String FONT = "WenQuanYi Zen Hei";

    private static final String[] PROSE = {
            "为深入贯彻落实党中央、国务院决策部署，", "根据《中华人民共和国政府信息公开条例》有关规定，", "按照市委、市政府工作安排，",
            "市政务服务中心", "区人力资源和社会保障局", "县农业农村局", "各街道办事处", "市场监督管理部门", "组织开展了",
            "认真落实", "全面推进", "稳步实施", "“一网通办”改革", "城乡居民基本医疗保险参保工作", "安全生产专项整治三年行动",
            "高标准农田建设项目", "老旧小区改造工程", "重点项目资金绩效评价", "取得明显成效。", "群众满意度持续提升。",
            "各项指标均完成年度目标。", "请各单位认真贯彻执行。", "现将有关事项通知如下：", "下一步将继续加大工作力度。"};

    /** One page: what is printed on it (lines, top to bottom) and its picture. */
    public record Page(BufferedImage image, List<String> lines) {
        /** The printed text without white space, to compare with what OCR read. */
        public String text() {
            return String.join("", lines).replaceAll("\\s+", "");
        }
    }

    /** How a page looks. {@code marking} null for none; {@code bodyPx} the body font size in pixels (50 ≈ 12 pt). */
    public record Style(String marking, boolean redHeader, boolean table, int bodyPx, double angleDegrees, double noise) {
        public static Style plain() {
            return new Style(null, false, false, 50, 0, 0);
        }

        public Style withMarking(String m) {
            return new Style(m, redHeader, table, bodyPx, angleDegrees, noise);
        }
    }

    private ScanPages() {
    }

    /** Page {@code number} (1-based) of a document; the same arguments give the same page. */
    public static Page page(int number, Style style, long seed) {
        requireFont();
        Random random = new Random(seed * 1_000_003L + number);
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        List<String> lines = new ArrayList<>();
        int y = MARGIN;
        int right = WIDTH - MARGIN;

        if (style.marking() != null) {
            g.setColor(Color.BLACK);
            g.setFont(new Font(FONT, Font.PLAIN, 67));
            y += 67;
            g.drawString(style.marking(), MARGIN, y);
            lines.add(style.marking());
            y += 60;
        }
        if (style.redHeader() && number == 1) {
            g.setColor(new Color(0xD0, 0x10, 0x10));
            g.setFont(new Font(FONT, Font.BOLD, 150));
            String head = "某某市审计局文件";
            FontMetrics fm = g.getFontMetrics();
            y += 170;
            g.drawString(head, (WIDTH - fm.stringWidth(head)) / 2, y);
            lines.add(head);
            g.setColor(Color.BLACK);
            g.setFont(new Font(FONT, Font.PLAIN, 62));
            String docNumber = "某审发〔2024〕" + (10 + number) + "号";
            fm = g.getFontMetrics();
            y += 130;
            g.drawString(docNumber, (WIDTH - fm.stringWidth(docNumber)) / 2, y);
            lines.add(docNumber);
            y += 40;
            g.setColor(new Color(0xD0, 0x10, 0x10));
            g.setStroke(new BasicStroke(8));
            g.drawLine(MARGIN, y, right, y);
            y += 60;
        }
        if (number == 1) {
            g.setColor(Color.BLACK);
            g.setFont(new Font(FONT, Font.BOLD, 84));
            String title = "关于开展重点项目资金审计工作的通知";
            FontMetrics fm = g.getFontMetrics();
            y += 120;
            g.drawString(title, (WIDTH - fm.stringWidth(title)) / 2, y);
            lines.add(title);
            y += 60;
        }

        g.setColor(Color.BLACK);
        Font body = new Font(FONT, Font.PLAIN, style.bodyPx());
        g.setFont(body);
        FontMetrics fm = g.getFontMetrics();
        int lineHeight = (int) (style.bodyPx() * 1.6);
        int tableRows = style.table() ? 7 : 0;
        int tableHeight = tableRows * (int) (style.bodyPx() * 1.9) + 80;
        int bodyBottom = HEIGHT - MARGIN - 120 - tableHeight;
        StringBuilder paragraph = new StringBuilder("　　");
        while (y + lineHeight < bodyBottom) {
            while (fm.stringWidth(paragraph.toString()) < right - MARGIN) {
                paragraph.append(PROSE[random.nextInt(PROSE.length)]);
                if (random.nextInt(6) == 0) {
                    paragraph.append(2015 + random.nextInt(10)).append("年共投入资金").append(10 + random.nextInt(9000)).append("万元，");
                }
            }
            int cut = paragraph.length();
            while (fm.stringWidth(paragraph.substring(0, cut)) > right - MARGIN) {
                cut--;
            }
            String line = paragraph.substring(0, cut);
            y += lineHeight;
            g.drawString(line, MARGIN, y);
            lines.add(line.strip());
            paragraph = new StringBuilder(random.nextInt(5) == 0 ? "　　" : "").append(paragraph.substring(cut));
        }
        if (style.table()) {
            y += 60;
            String[] header = {"序号", "项目名称", "资金（万元）", "完成情况"};
            int[] columns = {MARGIN, MARGIN + 250, MARGIN + 1150, MARGIN + 1550, right};
            int rowHeight = (int) (style.bodyPx() * 1.9);
            g.setStroke(new BasicStroke(3));
            for (int row = 0; row < tableRows; row++) {
                String[] cells = row == 0 ? header : new String[] {String.valueOf(row), PROSE[12 + random.nextInt(6)].replace("“", "").replace("”", ""),
                        String.valueOf(100 + random.nextInt(9000)), random.nextBoolean() ? "已完成" : "推进中"};
                int top = y + row * rowHeight;
                g.drawLine(columns[0], top, right, top);
                StringBuilder rowText = new StringBuilder();
                for (int c = 0; c < 4; c++) {
                    String cell = cells[c];
                    while (fm.stringWidth(cell) > columns[c + 1] - columns[c] - 30) {
                        cell = cell.substring(0, cell.length() - 1);
                    }
                    g.drawString(cell, columns[c] + 15, top + rowHeight - (rowHeight - style.bodyPx()) / 2 - 8);
                    rowText.append(cell);
                }
                lines.add(rowText.toString());
            }
            int bottom = y + tableRows * rowHeight;
            g.drawLine(columns[0], bottom, right, bottom);
            for (int x : columns) {
                g.drawLine(x, y, x, bottom);
            }
        }
        g.setFont(new Font(FONT, Font.PLAIN, 56));
        String pageNumber = "— " + number + " —";
        g.drawString(pageNumber, (WIDTH - g.getFontMetrics().stringWidth(pageNumber)) / 2, HEIGHT - MARGIN + 40);
        lines.add(pageNumber);
        g.dispose();
        return new Page(distort(image, style, random), lines);
    }

    /** Turns the page by a small angle (as a sheet fed askew) and adds scanner noise. */
    private static BufferedImage distort(BufferedImage page, Style style, Random random) {
        BufferedImage out = page;
        if (style.angleDegrees() != 0) {
            out = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = out.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(page, AffineTransform.getRotateInstance(Math.toRadians(style.angleDegrees()), WIDTH / 2.0, HEIGHT / 2.0), null);
            g.dispose();
        }
        if (style.noise() > 0) {
            int[] row = new int[WIDTH];
            for (int y = 0; y < HEIGHT; y++) {
                out.getRGB(0, y, WIDTH, 1, row, 0, WIDTH);
                for (int x = 0; x < WIDTH; x++) {
                    int shift = (int) (random.nextGaussian() * 40 * style.noise());
                    if (random.nextDouble() < 0.002 * style.noise()) {
                        shift = -255;
                    }
                    int r = clamp(((row[x] >> 16) & 0xFF) + shift);
                    int gr = clamp(((row[x] >> 8) & 0xFF) + shift);
                    int b = clamp((row[x] & 0xFF) + shift);
                    row[x] = (r << 16) | (gr << 8) | b;
                }
                out.setRGB(0, y, WIDTH, 1, row, 0, WIDTH);
            }
        }
        return out;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /** A scanned PDF: each page an A4 JPEG as a scanner stores it, no text layer. */
    public static byte[] pdf(List<Page> pages) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            for (Page p : pages) {
                PDPage page = new PDPage(PDRectangle.A4);
                doc.addPage(page);
                PDImageXObject image = JPEGFactory.createFromImage(doc, p.image(), 0.7f);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    cs.drawImage(image, 0, 0, PDRectangle.A4.getWidth(), PDRectangle.A4.getHeight());
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    /** {@code count} pages of one document; page {@code markedPage} (1-based, 0 for none) carries {@code marking}. */
    public static List<Page> document(int count, int markedPage, String marking, Style style, long seed) {
        List<Page> pages = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            pages.add(page(n, n == markedPage ? style.withMarking(marking) : style.withMarking(null), seed));
        }
        return pages;
    }

    private static void requireFont() {
        if (!Files.exists(TestFiles.CJK_FONT)) {
            throw new IllegalStateException("需要中文字体 " + TestFiles.CJK_FONT + "（deploy/test.sh 安装 fonts-wqy-zenhei）");
        }
    }
}
