package cn.disclosure.review.extract;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.tika.exception.TikaException;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.utils.XMLReaderUtils;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

import cn.disclosure.review.extract.ExtractedPart.Origin;

/**
 * Reads the text of a WordprocessingML package (docx, docm, dotx) place by place. Tika runs all
 * of these into one stream of paragraphs; here each place a leak can hide becomes its own part:
 * body, header, footer, footnote, endnote, comment, tracked-deletion, tracked-move, hidden-text
 * (w:vanish, directly or through a style), field-code, text of diagrams and charts, glossary
 * (building blocks) and document variables. Symbol-font glyphs (w:sym and runs in Wingdings,
 * Symbol…) are mapped to Unicode. Embedded files, images and document properties are read by Tika.
 */
final class WordprocessingReader {

    private static final String CT = "application/vnd.openxmlformats-officedocument.";

    /** The places of the package's text parts, known by how their content type ends. */
    private enum Place {
        BODY(null, Origin.VISIBLE, "main+xml"),
        HEADER("header", Origin.VISIBLE, "wordprocessingml.header+xml"),
        FOOTER("footer", Origin.VISIBLE, "wordprocessingml.footer+xml"),
        FOOTNOTE("footnote", Origin.VISIBLE, "wordprocessingml.footnotes+xml"),
        ENDNOTE("endnote", Origin.VISIBLE, "wordprocessingml.endnotes+xml"),
        COMMENT("comment", Origin.HIDDEN, "wordprocessingml.comments+xml"),
        DIAGRAM("diagram", Origin.VISIBLE, "drawingml.diagramData+xml"),
        CHART("chart", Origin.VISIBLE, "drawingml.chart+xml"),
        GLOSSARY("glossary", Origin.HIDDEN, "wordprocessingml.document.glossary+xml");

        final String suffix;
        final Origin origin;
        final String contentTypeEnding;

        Place(String suffix, Origin origin, String contentTypeEnding) {
            this.suffix = suffix;
            this.origin = origin;
            this.contentTypeEnding = contentTypeEnding;
        }
    }

    private final PlaceWriter out;
    private final String path;
    private final ExpansionBudget budget;
    private final long maxPartBytes;
    private final long bombLimit;

    WordprocessingReader(PartSink sink, String path, ExpansionBudget budget, long maxPartBytes, long bombLimit) {
        this.out = new PlaceWriter(sink);
        this.path = path;
        this.budget = budget;
        this.maxPartBytes = maxPartBytes;
        this.bombLimit = bombLimit;
    }

    static boolean handles(String mediaType) {
        return mediaType.startsWith(CT + "wordprocessingml.")
                || mediaType.startsWith("application/vnd.ms-word.document.macroenabled")
                || mediaType.startsWith("application/vnd.ms-word.template.macroenabled");
    }

    void read(byte[] docx) throws IOException, SAXException, TikaException {
        Map<String, byte[]> xml = budget.unzip(docx, path, maxPartBytes, bombLimit, name -> name.endsWith(".xml"));
        Map<String, String> types = contentTypes(xml.get("[Content_Types].xml"));
        Set<String> hiddenStyles = new HashSet<>();
        Map<Place, List<String>> byPlace = new LinkedHashMap<>();
        for (Place place : Place.values()) {
            byPlace.put(place, new ArrayList<>());
        }
        List<String> settings = new ArrayList<>();
        for (String name : xml.keySet()) {
            String type = types.getOrDefault(name, "");
            Place place = placeOf(type);
            if (place != null) {
                byPlace.get(place).add(name);
            } else if (type.endsWith("wordprocessingml.styles+xml")) {
                hiddenStyles.addAll(HiddenStyles.read(xml.get(name)));
            } else if (type.endsWith("wordprocessingml.settings+xml")) {
                settings.add(name);
            }
        }
        for (Map.Entry<Place, List<String>> e : byPlace.entrySet()) {
            e.getValue().sort(Comparator.comparing(WordprocessingReader::naturalKey));
            for (String name : e.getValue()) {
                parse(xml.get(name), e.getKey() == Place.DIAGRAM || e.getKey() == Place.CHART
                        ? new DrawingTextHandler(e.getKey())
                        : new DocumentHandler(e.getKey(), hiddenStyles));
            }
        }
        for (String name : settings) {
            parse(xml.get(name), new DocumentVariablesHandler());
        }
    }

    private static Place placeOf(String type) {
        if (!type.startsWith(CT) && !type.startsWith("application/vnd.ms-word.")) {
            return null;
        }
        for (Place place : Place.values()) {
            if (type.endsWith(place.contentTypeEnding)) {
                return place;
            }
        }
        return null;
    }

    /** header10.xml after header2.xml. */
    private static String naturalKey(String name) {
        String digits = name.replaceAll("\\D", "");
        String number = digits.length() > 9 ? digits.substring(0, 9) : digits;
        return name.replaceAll("\\d", "") + '\u0000' + String.format("%09d", number.isEmpty() ? 0 : Integer.parseInt(number));
    }

    private static Map<String, String> contentTypes(byte[] xml) throws IOException, SAXException, TikaException {
        Map<String, String> types = new HashMap<>();
        if (xml == null) {
            return types;
        }
        XMLReaderUtils.parseSAX(new ByteArrayInputStream(xml), new DefaultHandler() {
            @Override
            public void startElement(String uri, String local, String qName, Attributes atts) {
                if ("Override".equals(local) && atts.getValue("PartName") != null) {
                    String part = atts.getValue("PartName");
                    types.put(part.startsWith("/") ? part.substring(1) : part, atts.getValue("ContentType"));
                }
            }
        }, new ParseContext());
        return types;
    }

    private static void parse(byte[] xml, DefaultHandler handler) throws IOException, SAXException, TikaException {
        XMLReaderUtils.parseSAX(new ByteArrayInputStream(xml), handler, new ParseContext());
    }

    private String name(String suffix) {
        return suffix == null ? path : path + "/" + suffix;
    }

    /** w:document, w:hdr, w:ftr, w:footnotes, w:endnotes, w:comments, w:glossaryDocument. */
    private final class DocumentHandler extends DefaultHandler {
        private final Place place;
        private final Set<String> hiddenStyles;
        private final Deque<String> elements = new ArrayDeque<>();
        private final Deque<Boolean> choiceSeen = new ArrayDeque<>();
        private int deleted;
        private int movedFrom;
        private int skipped;
        private boolean paragraphHidden;
        private boolean runHidden;
        private String runFont;
        private boolean inText;
        private boolean inDeletedText;
        private boolean inFieldCode;

        DocumentHandler(Place place, Set<String> hiddenStyles) {
            this.place = place;
            this.hiddenStyles = hiddenStyles;
        }

        @Override
        public void startElement(String uri, String local, String qName, Attributes atts) throws SAXException {
            String parent = elements.peek();
            elements.push(local);
            if (skipped > 0) {
                skipped++;
                return;
            }
            switch (local) {
                case "AlternateContent" -> choiceSeen.push(false);
                case "Choice" -> {
                    if (!choiceSeen.isEmpty() && choiceSeen.peek()) {
                        skipped = 1;
                    } else if (!choiceSeen.isEmpty()) {
                        choiceSeen.pop();
                        choiceSeen.push(true);
                    }
                }
                case "Fallback" -> {
                    if (!choiceSeen.isEmpty() && choiceSeen.peek()) {
                        skipped = 1;
                    }
                }
                case "del" -> deleted++;
                case "moveFrom" -> movedFrom++;
                case "p" -> paragraphHidden = false;
                case "pStyle" -> {
                    if ("pPr".equals(parent) && hiddenStyles.contains(value(atts))) {
                        paragraphHidden = true;
                    }
                }
                case "r" -> {
                    runHidden = false;
                    runFont = null;
                }
                case "vanish", "specVanish" -> {
                    if ("rPr".equals(parent) && "r".equals(grandparent()) && !"false".equals(value(atts)) && !"0".equals(value(atts))) {
                        runHidden = true;
                    }
                }
                case "rStyle" -> {
                    if ("rPr".equals(parent) && hiddenStyles.contains(value(atts))) {
                        runHidden = true;
                    }
                }
                case "rFonts" -> {
                    if ("rPr".equals(parent) && "r".equals(grandparent())) {
                        String font = attr(atts, "ascii");
                        runFont = font != null ? font : attr(atts, "hAnsi");
                    }
                }
                case "t" -> inText = "r".equals(parent);
                case "delText" -> inDeletedText = true;
                case "instrText", "delInstrText" -> inFieldCode = true;
                case "tab", "ptab" -> {
                    if ("r".equals(parent)) {
                        write("\t");
                    }
                }
                case "br", "cr" -> {
                    if ("r".equals(parent)) {
                        write("\n");
                    }
                }
                case "noBreakHyphen" -> write("-");
                case "sym" -> {
                    String font = attr(atts, "font");
                    String code = attr(atts, "char");
                    if (code != null) {
                        try {
                            int c = Integer.parseInt(code, 16);
                            String mapped = SymbolFonts.map(font, c);
                            write(mapped != null ? mapped : new String(Character.toChars(c < 0x100 ? 0xF000 + c : c)));
                        } catch (IllegalArgumentException notHex) {
                            // an unreadable glyph code carries no text
                        }
                    }
                }
                default -> {
                }
            }
        }

        @Override
        public void endElement(String uri, String local, String qName) {
            elements.pop();
            if (skipped > 0) {
                skipped--;
                return;
            }
            switch (local) {
                case "AlternateContent" -> {
                    if (!choiceSeen.isEmpty()) {
                        choiceSeen.pop();
                    }
                }
                case "del" -> deleted--;
                case "moveFrom" -> movedFrom--;
                case "t" -> inText = false;
                case "delText" -> inDeletedText = false;
                case "instrText", "delInstrText" -> inFieldCode = false;
                case "p", "tc", "comment", "footnote", "endnote", "txbxContent" -> out.endLines();
                default -> {
                }
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            if (skipped > 0 || !(inText || inDeletedText || inFieldCode)) {
                return;
            }
            String text = new String(ch, start, length);
            if (runFont != null && SymbolFonts.isSymbolFont(runFont)) {
                text = SymbolFonts.mapRun(runFont, text);
            }
            write(text);
        }

        private void write(String text) throws SAXException {
            if (skipped > 0) {
                return;
            }
            if (deleted > 0 || inDeletedText) {
                out.write(name("tracked-deletion"), Origin.HIDDEN, text);
            } else if (movedFrom > 0) {
                out.write(name("tracked-move"), Origin.HIDDEN, text);
            } else if (inFieldCode) {
                out.write(name("field-code"), Origin.HIDDEN, text);
            } else if (runHidden || paragraphHidden) {
                out.write(name("hidden-text"), Origin.HIDDEN, text);
            } else {
                out.write(name(place.suffix), place.origin, text);
            }
        }

        private String grandparent() {
            var it = elements.iterator();
            it.next();
            it.next();
            return it.hasNext() ? it.next() : null;
        }
    }

    /** SmartArt data and charts: every a:t and c:v, one per line. */
    private final class DrawingTextHandler extends DefaultHandler {
        private final Place place;
        private boolean inText;

        DrawingTextHandler(Place place) {
            this.place = place;
        }

        @Override
        public void startElement(String uri, String local, String qName, Attributes atts) {
            inText = "t".equals(local) || "v".equals(local);
        }

        @Override
        public void endElement(String uri, String local, String qName) {
            if (inText) {
                out.endLines();
            }
            inText = false;
        }

        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            if (inText) {
                out.write(name(place.suffix), place.origin, new String(ch, start, length));
            }
        }
    }

    /** w:settings/w:docVars: variables stored in the document, never shown. */
    private final class DocumentVariablesHandler extends DefaultHandler {
        @Override
        public void startElement(String uri, String local, String qName, Attributes atts) throws SAXException {
            if ("docVar".equals(local)) {
                out.writeLine(name("document-variable"), Origin.HIDDEN, attr(atts, "name") + ": " + attr(atts, "val"));
            }
        }
    }

    /** Style ids whose run properties hide the text (w:vanish), following w:basedOn. */
    private static final class HiddenStyles extends DefaultHandler {
        private final Map<String, String> basedOn = new HashMap<>();
        private final Set<String> vanish = new HashSet<>();
        private final Deque<String> elements = new ArrayDeque<>();
        private String style;

        static Set<String> read(byte[] xml) throws IOException, SAXException, TikaException {
            HiddenStyles handler = new HiddenStyles();
            parse(xml, handler);
            Set<String> hidden = new HashSet<>();
            for (String id : handler.basedOn.keySet()) {
                String s = id;
                for (int hops = 0; s != null && hops < 20; hops++, s = handler.basedOn.get(s)) {
                    if (handler.vanish.contains(s)) {
                        hidden.add(id);
                        break;
                    }
                }
            }
            hidden.addAll(handler.vanish);
            return hidden;
        }

        @Override
        public void startElement(String uri, String local, String qName, Attributes atts) {
            String parent = elements.peek();
            elements.push(local);
            if ("style".equals(local)) {
                style = attr(atts, "styleId");
                if (style != null) {
                    basedOn.putIfAbsent(style, null);
                }
            } else if ("basedOn".equals(local) && style != null) {
                basedOn.put(style, value(atts));
            } else if ("vanish".equals(local) && "rPr".equals(parent) && style != null
                    && !"false".equals(value(atts)) && !"0".equals(value(atts))) {
                vanish.add(style);
            }
        }

        @Override
        public void endElement(String uri, String local, String qName) {
            elements.pop();
            if ("style".equals(local)) {
                style = null;
            }
        }
    }

    /** An attribute by local name, whatever its namespace prefix (w:val, or val in strict files). */
    private static String attr(Attributes atts, String local) {
        for (int i = 0; i < atts.getLength(); i++) {
            if (local.equals(atts.getLocalName(i))) {
                return atts.getValue(i);
            }
        }
        return null;
    }

    private static String value(Attributes atts) {
        return attr(atts, "val");
    }
}
