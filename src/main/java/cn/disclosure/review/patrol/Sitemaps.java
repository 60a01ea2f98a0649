package cn.disclosure.review.patrol;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a sitemap (sitemaps.org: {@code <urlset><url><loc>}) or a sitemap index
 * ({@code <sitemapindex><sitemap><loc>}). Parsed with jsoup's XML parser, which neither reads a DTD
 * nor expands external entities, so a hostile sitemap cannot make the service read files or URLs.
 */
final class Sitemaps {
    /** The pages and nested sitemaps a sitemap lists. */
    record Listing(List<String> pages, List<String> sitemaps) {
    }

    private Sitemaps() {
    }

    static Listing parse(byte[] xml) {
        Document doc = Jsoup.parse(new String(xml, StandardCharsets.UTF_8), "", Parser.xmlParser());
        List<String> pages = new ArrayList<>();
        List<String> nested = new ArrayList<>();
        for (Element loc : doc.getElementsByTag("loc")) {
            Element parent = loc.parent();
            String url = loc.text().strip();
            if (url.isEmpty() || parent == null) {
                continue;
            }
            String tag = parent.normalName();
            if (tag.endsWith("sitemap")) {
                nested.add(url);
            } else if (tag.endsWith("url")) {
                pages.add(url);
            }
        }
        return new Listing(pages, nested);
    }
}
