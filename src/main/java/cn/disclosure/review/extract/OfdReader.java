package cn.disclosure.review.extract;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

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

    private static final Pattern IMAGE = Pattern.compile("(?i).+\\.(png|jpe?g|bmp|gif|tiff?|jb2|jbig2)$");

    private final PlaceWriter out;
    private final String path;
    private final ExpansionBudget budget;
    private final long maxPartBytes;
    private final long bombLimit;
    /** Reads a file found inside this one (path, bytes), as an embedded file. */
    private final BiConsumer<String, byte[]> embedded;
    private Map<String, byte[]> entries;

    OfdReader(PartSink sink, String path, ExpansionBudget budget, long maxPartBytes, long bombLimit, BiConsumer<String, byte[]> embedded) {
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
        entries = budget.unzip(ofd, path, maxPartBytes, bombLimit, name -> true);
        byte[] root = entries.get("OFD.xml");
        if (root == null) {
            throw new TikaException("not an OFD package");
        }
        List<String> documents = new ArrayList<>();
        parse(root, new ElementText() {
            private String customName;

            @Override
            void start(String local, Attributes atts) {
                if ("CustomData".equals(local)) {
                    customName = atts.getValue("Name");
                }
            }

            @Override
            void end(String local, String text) throws SAXException {
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
                    out.writeLine(path + "/metadata:" + part, Origin.METADATA, text);
                } else if ("DocRoot".equals(local) && !text.isEmpty()) {
                    documents.add(resolve("", text));
                }
            }
        });
        for (String document : documents) {
            readDocument(document);
        }
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            if (IMAGE.matcher(e.getKey()).matches()) {
                embedded.accept(path + "/" + e.getKey(), e.getValue());
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
        parse(xml, new ElementText() {
            @Override
            void start(String local, Attributes atts) {
                if ("Page".equals(local) && atts.getValue("BaseLoc") != null) {
                    pages.add(resolve(dir, atts.getValue("BaseLoc")));
                } else if ("TemplatePage".equals(local) && atts.getValue("BaseLoc") != null) {
                    templates.add(resolve(dir, atts.getValue("BaseLoc")));
                }
            }

            @Override
            void end(String local, String text) {
                if ("Annotations".equals(local) && !text.isEmpty()) {
                    annotations.add(resolve(dir, text));
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
        parse(xml, new ElementText() {
            @Override
            void end(String local, String text) {
                if ("FileLoc".equals(local) && !text.isEmpty()) {
                    files.add(resolve(dir, text));
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

    /** Hands on each element's start with its attributes and its end with its own text, stripped. */
    private abstract static class ElementText extends DefaultHandler {
        private final StringBuilder text = new StringBuilder();

        void start(String local, Attributes atts) {
        }

        abstract void end(String local, String text) throws SAXException;

        @Override
        public final void startElement(String uri, String local, String qName, Attributes atts) {
            text.setLength(0);
            start(local, atts);
        }

        @Override
        public final void characters(char[] ch, int start, int length) {
            text.append(ch, start, length);
        }

        @Override
        public final void endElement(String uri, String local, String qName) throws SAXException {
            String own = text.toString().strip();
            text.setLength(0);
            end(local, own);
        }
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
