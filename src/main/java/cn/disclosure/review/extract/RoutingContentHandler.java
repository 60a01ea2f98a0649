package cn.disclosure.review.extract;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;

import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

import cn.disclosure.review.extract.ExtractedPart.Origin;

/**
 * Routes Tika's XHTML into parts by the class Tika gives a block: page headers and footers,
 * comments and PDF annotations, OCR output, slide notes and masters. Everything else is the
 * file's visible text. Paragraphs, cells and list items end their line; the head (a copy of the
 * metadata) is skipped; private-use symbol glyphs are mapped to stars.
 */
final class RoutingContentHandler extends DefaultHandler {

    private record Place(String suffix, Origin origin) {
    }

    private static final Place BODY = new Place(null, Origin.VISIBLE);
    private static final Map<String, Place> BY_CLASS = Map.of(
            "header", new Place("header", Origin.VISIBLE),
            "footer", new Place("footer", Origin.VISIBLE),
            "comment", new Place("comment", Origin.HIDDEN),
            "comments", new Place("comment", Origin.HIDDEN),
            "annotation", new Place("comment", Origin.HIDDEN),
            "ocr", new Place("ocr", Origin.OCR),
            "slide-notes", new Place("notes", Origin.HIDDEN),
            "slide-master-content", new Place("slide-master", Origin.VISIBLE),
            "slide-layout-content", new Place("slide-master", Origin.VISIBLE));
    private static final Set<String> BLOCKS = Set.of("p", "div", "br", "li", "tr", "td", "th", "table", "h1", "h2",
            "h3", "h4", "h5", "h6", "blockquote", "pre", "dt", "dd", "ul", "ol", "caption");

    private final PlaceWriter out;
    private final String path;
    private final Deque<Place> places = new ArrayDeque<>();
    private int head;

    RoutingContentHandler(PartSink sink, String path) {
        this.out = new PlaceWriter(sink);
        this.path = path;
    }

    @Override
    public void startElement(String uri, String local, String qName, Attributes atts) {
        if ("head".equals(local) || head > 0) {
            head++;
            return;
        }
        Place place = places.isEmpty() ? BODY : places.peek();
        String classes = atts.getValue("class");
        if (classes != null) {
            for (String c : classes.split("\\s+")) {
                Place byClass = BY_CLASS.get(c);
                if (byClass != null) {
                    place = byClass;
                }
            }
        }
        places.push(place);
        if ("br".equals(local)) {
            out.endLines();
        }
    }

    @Override
    public void endElement(String uri, String local, String qName) {
        if (head > 0) {
            head--;
            return;
        }
        if (!places.isEmpty()) {
            places.pop();
        }
        if (BLOCKS.contains(local)) {
            out.endLines();
        }
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
        if (head > 0 || length == 0) {
            return;
        }
        Place place = places.isEmpty() ? BODY : places.peek();
        String name = place.suffix() == null ? path : path + "/" + place.suffix();
        out.write(name, place.origin(), SymbolFonts.mapPrivateUseStars(new String(ch, start, length)));
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) {
        // line structure comes from the block elements
    }
}
