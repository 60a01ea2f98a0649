package cn.disclosure.review.extract;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.imageio.ImageIO;

import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;

/** Real files built in the tests: WordprocessingML from raw XML, zips, PDFs and PNGs with Chinese text. */
public final class TestFiles {

    static final String W = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
            + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" "
            + "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"";
    static final Path CJK_FONT = Path.of("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc");
    private static final String XML = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>";
    private static final String CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.";

    private TestFiles() {
    }

    /** A zip of the given entries, in order. */
    static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A Word document: the body's XML inside w:body, and any of header, footer, comments, footnotes, settings, core, custom (their whole XML without the declaration). */
    static final class Docx {
        private String body = "";
        private final Map<String, String> parts = new LinkedHashMap<>();
        private final Map<String, byte[]> media = new LinkedHashMap<>();

        /** A PNG picture in word/media, shown in the body as an inline drawing. */
        Docx image(String name, byte[] png) {
            media.put(name, png);
            return this;
        }

        Docx body(String paragraphs) {
            this.body = paragraphs;
            return this;
        }

        Docx header(String paragraphs) {
            parts.put("word/header1.xml", "<w:hdr " + W + ">" + paragraphs + "</w:hdr>");
            return this;
        }

        Docx footer(String paragraphs) {
            parts.put("word/footer1.xml", "<w:ftr " + W + ">" + paragraphs + "</w:ftr>");
            return this;
        }

        Docx comment(String author, String text) {
            parts.put("word/comments.xml", "<w:comments " + W + "><w:comment w:id=\"7\" w:author=\"" + author
                    + "\" w:date=\"2021-03-01T00:00:00Z\"><w:p><w:r><w:t>" + text + "</w:t></w:r></w:p></w:comment></w:comments>");
            return this;
        }

        Docx footnote(String text) {
            parts.put("word/footnotes.xml", "<w:footnotes " + W + "><w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>"
                    + "<w:footnote w:id=\"1\"><w:p><w:r><w:t>" + text + "</w:t></w:r></w:p></w:footnote></w:footnotes>");
            return this;
        }

        Docx styles(String styles) {
            parts.put("word/styles.xml", "<w:styles " + W + ">" + styles + "</w:styles>");
            return this;
        }

        Docx documentVariable(String name, String value) {
            parts.put("word/settings.xml", "<w:settings " + W + "><w:docVars><w:docVar w:name=\"" + name + "\" w:val=\"" + value + "\"/></w:docVars></w:settings>");
            return this;
        }

        Docx core(String title, String subject, String author, String keywords, String lastModifiedBy) {
            parts.put("docProps/core.xml", "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
                    + "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\">"
                    + "<dc:title>" + title + "</dc:title><dc:subject>" + subject + "</dc:subject><dc:creator>" + author
                    + "</dc:creator><cp:keywords>" + keywords + "</cp:keywords><cp:lastModifiedBy>" + lastModifiedBy
                    + "</cp:lastModifiedBy></cp:coreProperties>");
            return this;
        }

        Docx customProperty(String name, String value) {
            parts.put("docProps/custom.xml", "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties\" "
                    + "xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
                    + "<property fmtid=\"{D5CDD505-2E9C-101B-9397-08002B2CF9AE}\" pid=\"2\" name=\"" + name + "\"><vt:lpwstr>" + value
                    + "</vt:lpwstr></property></Properties>");
            return this;
        }

        byte[] bytes() {
            StringBuilder types = new StringBuilder(XML + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                    + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                    + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                    + "<Override PartName=\"/word/document.xml\" ContentType=\"" + CT + "document.main+xml\"/>");
            StringBuilder packageRels = new StringBuilder(XML + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                    + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>");
            StringBuilder documentRels = new StringBuilder(XML + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
            StringBuilder sectPr = new StringBuilder("<w:sectPr>");
            int id = 10;
            for (String name : parts.keySet()) {
                String rel = "rId" + (id++);
                switch (name) {
                    case "word/header1.xml" -> {
                        types.append(override(name, CT + "header+xml"));
                        documentRels.append(rel(rel, "header", "header1.xml"));
                        sectPr.append("<w:headerReference w:type=\"default\" r:id=\"").append(rel).append("\"/>");
                    }
                    case "word/footer1.xml" -> {
                        types.append(override(name, CT + "footer+xml"));
                        documentRels.append(rel(rel, "footer", "footer1.xml"));
                        sectPr.append("<w:footerReference w:type=\"default\" r:id=\"").append(rel).append("\"/>");
                    }
                    case "word/comments.xml" -> {
                        types.append(override(name, CT + "comments+xml"));
                        documentRels.append(rel(rel, "comments", "comments.xml"));
                    }
                    case "word/footnotes.xml" -> {
                        types.append(override(name, CT + "footnotes+xml"));
                        documentRels.append(rel(rel, "footnotes", "footnotes.xml"));
                    }
                    case "word/styles.xml" -> {
                        types.append(override(name, CT + "styles+xml"));
                        documentRels.append(rel(rel, "styles", "styles.xml"));
                    }
                    case "word/settings.xml" -> {
                        types.append(override(name, CT + "settings+xml"));
                        documentRels.append(rel(rel, "settings", "settings.xml"));
                    }
                    case "docProps/core.xml" -> {
                        types.append(override(name, "application/vnd.openxmlformats-package.core-properties+xml"));
                        packageRels.append("<Relationship Id=\"").append(rel).append("\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>");
                    }
                    case "docProps/custom.xml" -> {
                        types.append(override(name, "application/vnd.openxmlformats-officedocument.custom-properties+xml"));
                        packageRels.append("<Relationship Id=\"").append(rel).append("\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties\" Target=\"docProps/custom.xml\"/>");
                    }
                    default -> throw new IllegalStateException(name);
                }
            }
            for (String name : media.keySet()) {
                String rel = "rId" + (id++);
                documentRels.append(rel(rel, "image", "media/" + name));
                body += "<w:p><w:r><w:drawing><wp:inline xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\">"
                        + "<a:graphic xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">"
                        + "<pic:pic xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:blipFill><a:blip r:embed=\"" + rel + "\"/></pic:blipFill></pic:pic>"
                        + "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>";
            }
            if (!media.isEmpty()) {
                types.append("<Default Extension=\"png\" ContentType=\"image/png\"/>");
            }
            types.append("</Types>");
            packageRels.append("</Relationships>");
            documentRels.append("</Relationships>");
            sectPr.append("</w:sectPr>");
            Map<String, byte[]> entries = new LinkedHashMap<>();
            entries.put("[Content_Types].xml", utf8(types.toString()));
            entries.put("_rels/.rels", utf8(packageRels.toString()));
            entries.put("word/document.xml", utf8(XML + "<w:document " + W + "><w:body>" + body + sectPr + "</w:body></w:document>"));
            entries.put("word/_rels/document.xml.rels", utf8(documentRels.toString()));
            for (Map.Entry<String, String> e : parts.entrySet()) {
                entries.put(e.getKey(), utf8(XML + e.getValue()));
            }
            for (Map.Entry<String, byte[]> e : media.entrySet()) {
                entries.put("word/media/" + e.getKey(), e.getValue());
            }
            return zip(entries);
        }

        private static String override(String name, String type) {
            return "<Override PartName=\"/" + name + "\" ContentType=\"" + type + "\"/>";
        }

        private static String rel(String id, String type, String target) {
            return "<Relationship Id=\"" + id + "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/" + type
                    + "\" Target=\"" + target + "\"/>";
        }
    }

    /** One paragraph of plain runs. */
    static String p(String text) {
        return "<w:p><w:r><w:t xml:space=\"preserve\">" + text + "</w:t></w:r></w:p>";
    }

    /** An OOXML package encrypted with a password (agile encryption, as Office does). */
    static byte[] encryptOoxml(byte[] ooxml, String password) {
        try (POIFSFileSystem fs = new POIFSFileSystem()) {
            EncryptionInfo info = new EncryptionInfo(EncryptionMode.agile);
            Encryptor encryptor = info.getEncryptor();
            encryptor.confirmPassword(password);
            try (OPCPackage opc = OPCPackage.open(new ByteArrayInputStream(ooxml)); OutputStream os = encryptor.getDataStream(fs)) {
                opc.save(os);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            fs.writeFilesystem(out);
            return out.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static TrueTypeFont cjkFont() throws IOException {
        if (!Files.exists(CJK_FONT)) {
            throw new IllegalStateException("需要中文字体 " + CJK_FONT + "（deploy/test.sh 安装 fonts-wqy-zenhei）");
        }
        return new TrueTypeCollection(CJK_FONT.toFile()).getFontByName("WenQuanYiZenHei");
    }

    /** A PDF with one page per entry, each page's lines as real text. */
    static PDDocument textPdf(String[]... pages) throws IOException {
        PDDocument doc = new PDDocument();
        PDType0Font font = PDType0Font.load(doc, cjkFont(), true);
        for (String[] lines : pages) {
            PDPage page = new PDPage();
            doc.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.beginText();
                cs.setFont(font, 14);
                cs.newLineAtOffset(50, 700);
                for (String line : lines) {
                    cs.showText(line);
                    cs.newLineAtOffset(0, -24);
                }
                cs.endText();
            }
        }
        return doc;
    }

    static byte[] save(PDDocument doc) throws IOException {
        try (doc) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    /** A page that is only a picture of text, as a scanner makes. */
    static void addScannedPage(PDDocument doc, BufferedImage scan) throws IOException {
        PDPage page = new PDPage();
        doc.addPage(page);
        PDImageXObject image = LosslessFactory.createFromImage(doc, scan);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
            cs.drawImage(image, 30, 400, 550, 550f * scan.getHeight() / scan.getWidth());
        }
    }

    /** Black text on white, 40 px Chinese, one line per entry, as a scan would show it. */
    public static BufferedImage picture(String... lines) {
        if (!Files.exists(CJK_FONT)) {
            throw new IllegalStateException("需要中文字体 " + CJK_FONT + "（deploy/test.sh 安装 fonts-wqy-zenhei）");
        }
        BufferedImage image = new BufferedImage(1000, 80 + 70 * lines.length, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font("WenQuanYi Zen Hei", Font.PLAIN, 40));
        for (int i = 0; i < lines.length; i++) {
            g.drawString(lines[i], 40, 80 + 70 * i);
        }
        g.dispose();
        return image;
    }

    public static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** The shared corpus (../shared/corpus/files from the repository root), or null where it is absent. */
    static Path corpus() {
        Path dir = Path.of("..", "shared", "corpus", "files").toAbsolutePath().normalize();
        return Files.isDirectory(dir) ? dir : null;
    }
}
