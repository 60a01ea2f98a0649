package cn.disclosure.review.extract;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.apache.tika.exception.TikaException;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.utils.XMLReaderUtils;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

import cn.disclosure.review.extract.ExtractedPart.Origin;

/**
 * Reads OFD (GB/T 33190, the format of Chinese electronic official documents), which Tika only
 * sees as a zip: the text of every page in page order (one line per text object), page templates,
 * annotations as comments, the document information (title, author, subject, abstract, keywords,
 * custom data) as metadata, and every picture as an embedded image, so that scanned pages are OCR'd.
 */
final class OfdReader {

    /** Receives a picture of the package. */
    interface EmbeddedFiles {
        void read(String path, byte[] bytes) throws LimitReachedException;
    }

    private static final Pattern IMAGE = Pattern.compile("(?i).+\\.(png|jpe?g|bmp|gif|tiff?|jb2|jbig2)$");

    private final PlaceWriter out;
    private final String path;
    private final ExpansionBudget budget;
    private final long maxPartBytes;
    private final long bombLimit;
    private final EmbeddedFiles embedded;
    private Map<String, byte[]> entries;

    OfdReader(PartSink sink, String path, ExpansionBudget budget, long maxPartBytes, long bombLimit, EmbeddedFiles embedded) {
        this.out = new PlaceWriter(sink);
        this.path = path;
        this.budget = budget;
        this.maxPartBytes = maxPartBytes;
        this.bombLimit = bombLimit;
        this.embedded = embedded;
    }

    /** An OFD file: a zip named .ofd (the root OFD.xml is checked when reading). */
    static boolean handles(String mediaType, String fileName) {
        return "application/zip".equals(mediaType) && fileName.toLowerCase(Locale.ROOT).endsWith(".ofd");
    }

    void read(byte[] ofd) throws IOException, SAXException, TikaException {
        entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(ofd))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (!entry.isDirectory()) {
                    entries.put(entry.getName().replaceAll("^/+", ""), budget.readAll(zip, path, maxPartBytes, bombLimit));
                }
            }
        }
        byte[] root = entries.get("OFD.xml");
        if (root == null) {
            throw new TikaException("not an OFD package");
        }
        List<String> documents = new ArrayList<>();
        parse(root, new DefaultHandler() {
            private final StringBuilder text = new StringBuilder();
            private String customName;

            @Override
            public void startElement(String uri, String local, String qName, Attributes atts) {
                text.setLength(0);
                customName = "CustomData".equals(local) ? atts.getValue("Name") : customName;
            }

            @Override
            public void characters(char[] ch, int start, int length) {
                text.append(ch, start, length);
            }

            @Override
            public void endElement(String uri, String local, String qName) throws SAXException {
                String value = text.toString().strip();
                text.setLength(0);
                String part = switch (local) {
                    case "Title" -> "title";
                    case "Author" -> "author";
                    case "Subject" -> "subject";
                    case "Abstract" -> "description";
                    case "Keyword" -> "keywords";
                    case "CustomData" -> customName == null ? null : "custom:" + customName;
                    default -> null;
                };
                if (part != null) {
                    out.writeLine(path + "/metadata:" + part, Origin.METADATA, value);
                } else if ("DocRoot".equals(local) && !value.isEmpty()) {
                    documents.add(resolve("", value));
                }
            }
        });
        for (String document : documents) {
            readDocument(document);
        }
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            if (IMAGE.matcher(e.getKey()).matches()) {
                embedded.read(path + "/" + e.getKey(), e.getValue());
            }
        }
    }

    private void readDocument(String document) throws IOException, SAXException, TikaException {
        byte[] xml = entries.get(document);
        if (xml == null) {
            throw new TikaException("OFD document missing");
        }
        String dir = directoryOf(document);
        List<String> pages = new ArrayList<>();
        List<String> templates = new ArrayList<>();
        List<String> annotations = new ArrayList<>();
        parse(xml, new DefaultHandler() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public void startElement(String uri, String local, String qName, Attributes atts) {
                text.setLength(0);
                if ("Page".equals(local) && atts.getValue("BaseLoc") != null) {
                    pages.add(resolve(dir, atts.getValue("BaseLoc")));
                } else if ("TemplatePage".equals(local) && atts.getValue("BaseLoc") != null) {
                    templates.add(resolve(dir, atts.getValue("BaseLoc")));
                }
            }

            @Override
            public void characters(char[] ch, int start, int length) {
                text.append(ch, start, length);
            }

            @Override
            public void endElement(String uri, String local, String qName) {
                if ("Annotations".equals(local) && !text.toString().isBlank()) {
                    annotations.add(resolve(dir, text.toString().strip()));
                }
            }
        });
        for (String page : pages) {
            readText(page, null, Origin.VISIBLE);
        }
        for (String template : templates) {
            readText(template, "template", Origin.VISIBLE);
        }
        for (String index : annotations) {
            readAnnotations(index);
        }
    }

    private void readAnnotations(String index) throws IOException, SAXException, TikaException {
        byte[] xml = entries.get(index);
        if (xml == null) {
            return;
        }
        String dir = directoryOf(index);
        List<String> files = new ArrayList<>();
        parse(xml, new DefaultHandler() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public void startElement(String uri, String local, String qName, Attributes atts) {
                text.setLength(0);
            }

            @Override
            public void characters(char[] ch, int start, int length) {
                text.append(ch, start, length);
            }

            @Override
            public void endElement(String uri, String local, String qName) {
                if ("FileLoc".equals(local) && !text.toString().isBlank()) {
                    files.add(resolve(dir, text.toString().strip()));
                }
            }
        });
        for (String file : files) {
            readText(file, "comment", Origin.HIDDEN);
        }
    }

    /** Every TextCode (and annotation Remark) of one content file; a text object per line. */
    private void readText(String file, String suffix, Origin origin) throws IOException, SAXException, TikaException {
        byte[] xml = entries.get(file);
        if (xml == null) {
            return;
        }
        String name = suffix == null ? path : path + "/" + suffix;
        parse(xml, new DefaultHandler() {
            private boolean inText;

            @Override
            public void startElement(String uri, String local, String qName, Attributes atts) {
                inText = "TextCode".equals(local) || "Remark".equals(local);
            }

            @Override
            public void endElement(String uri, String local, String qName) {
                inText = false;
                if ("TextObject".equals(local) || "Remark".equals(local) || "Annot".equals(local)) {
                    out.endLines();
                }
            }

            @Override
            public void characters(char[] ch, int start, int length) throws SAXException {
                if (inText) {
                    out.write(name, origin, new String(ch, start, length));
                }
            }
        });
    }

    private static void parse(byte[] xml, DefaultHandler handler) throws IOException, SAXException, TikaException {
        XMLReaderUtils.parseSAX(new ByteArrayInputStream(xml), handler, new ParseContext());
    }

    /** An OFD location: absolute from the package root, or relative to the referring file's folder. */
    private static String resolve(String dir, String location) {
        String loc = location.replace('\\', '/');
        if (loc.startsWith("/")) {
            return loc.replaceAll("^/+", "");
        }
        List<String> parts = new ArrayList<>(dir.isEmpty() ? List.of() : List.of(dir.split("/")));
        for (String segment : loc.split("/")) {
            if ("..".equals(segment) && !parts.isEmpty()) {
                parts.remove(parts.size() - 1);
            } else if (!segment.isEmpty() && !".".equals(segment)) {
                parts.add(segment);
            }
        }
        return String.join("/", parts);
    }

    private static String directoryOf(String file) {
        int slash = file.lastIndexOf('/');
        return slash < 0 ? "" : file.substring(0, slash);
    }
}
