package cn.disclosure.review.extract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.tika.metadata.Metadata;

import cn.disclosure.review.extract.ExtractedPart.Origin;

/**
 * The document properties Tika read (Office core, extended and custom properties, PDF document
 * information and XMP, image EXIF/XP descriptions) as parts {@code <file>/metadata:<name>}:
 * title, subject, keywords, author, last-modified-by, description, comments, category, company,
 * manager and custom:&lt;name&gt;. Each value once per part.
 */
final class MetadataParts {

    /** Part name → Tika keys, in order of preference. */
    private static final Map<String, List<String>> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("title", List.of("dc:title", "pdf:docinfo:title"));
        KEYS.put("subject", List.of("dc:subject", "pdf:docinfo:subject", "cp:subject"));
        KEYS.put("keywords", List.of("meta:keyword", "pdf:docinfo:keywords", "Keywords"));
        KEYS.put("author", List.of("dc:creator", "meta:author", "pdf:docinfo:creator"));
        KEYS.put("last-modified-by", List.of("meta:last-author", "cp:lastModifiedBy"));
        KEYS.put("description", List.of("dc:description", "pdf:docinfo:description"));
        KEYS.put("comments", List.of("w:comments", "comment", "Comments"));
        KEYS.put("category", List.of("cp:category"));
        KEYS.put("company", List.of("extended-properties:Company"));
        KEYS.put("manager", List.of("extended-properties:Manager"));
    }

    /** EXIF and Windows XP tags of images, by the end of Tika's key. */
    private static final Map<String, String> IMAGE_TAGS = Map.of(
            "Image Description", "description", "Windows XP Title", "title", "Windows XP Subject", "subject",
            "Windows XP Keywords", "keywords", "Windows XP Author", "author", "Windows XP Comment", "comments",
            "User Comment", "comments", "Artist", "author");

    private static final String[] CUSTOM_PREFIXES = {"custom:", "pdf:docinfo:custom:"};

    private MetadataParts() {
    }

    static void write(Metadata metadata, String path, PartSink sink) throws LimitReachedException {
        Map<String, Set<String>> values = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : KEYS.entrySet()) {
            for (String key : e.getValue()) {
                add(values, e.getKey(), metadata.getValues(key));
            }
        }
        // Tika copies keywords into dc:subject: a subject equal to a keyword is not a second subject
        Set<String> subject = values.get("subject");
        Set<String> keywords = values.get("keywords");
        if (subject != null && keywords != null) {
            subject.removeAll(keywords);
        }
        for (String key : metadata.names()) {
            for (String prefix : CUSTOM_PREFIXES) {
                if (key.startsWith(prefix) && key.length() > prefix.length()) {
                    add(values, "custom:" + key.substring(prefix.length()), metadata.getValues(key));
                }
            }
            for (Map.Entry<String, String> tag : IMAGE_TAGS.entrySet()) {
                if (key.endsWith(":" + tag.getKey()) || key.equals(tag.getKey())) {
                    add(values, tag.getValue(), metadata.getValues(key));
                }
            }
        }
        for (Map.Entry<String, Set<String>> e : values.entrySet()) {
            for (String value : e.getValue()) {
                sink.appendLine(path + "/metadata:" + e.getKey(), Origin.METADATA, SymbolFonts.mapPrivateUseStars(value));
            }
        }
    }

    private static void add(Map<String, Set<String>> values, String part, String[] found) {
        List<String> nonBlank = new ArrayList<>();
        for (String v : found) {
            if (v != null && !v.isBlank()) {
                nonBlank.add(v.strip());
            }
        }
        if (!nonBlank.isEmpty()) {
            values.computeIfAbsent(part, k -> new LinkedHashSet<>()).addAll(nonBlank);
        }
    }
}
