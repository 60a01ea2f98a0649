package cn.disclosure.review.search;

import cn.disclosure.review.extract.ExtractedPart;
import cn.disclosure.review.text.Normalizer;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.QueryBuilder;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The register index on disk: one Lucene document per publication, updated in place (by
 * publication id) on withdrawal, searched by {@link SearchQuery}s with filters and highlights, and
 * asked for rescan candidates. Searches see committed states only: a rebuild (delete all, add all,
 * one commit) is invisible until it is complete. Thread-safe; writes are serialised by the caller.
 */
public final class RegisterIndexStore implements Closeable {
    /** Bumped whenever fields or analysis change: an index of another schema is rebuilt at start. */
    static final String SCHEMA = "register-1";
    static final String SCHEMA_KEY = "schema";

    static final String ID = "id";
    static final String PID = "pid";
    static final String DRAFT = "draft";
    static final String TITLE = "title";
    static final String DOC_NUMBER = "docNumber";
    static final String CHANNEL = "channel";
    static final String DEPARTMENT = "department";
    static final String URL = "url";
    static final String AT = "at";
    static final String WITHDRAWN = "withdrawn";
    static final String TEXT = "text";
    static final String OCR = "ocr";
    static final String[] SEARCHED = {TITLE, DOC_NUMBER, TEXT, OCR};
    static final String[] HIGHLIGHTED = {TITLE, TEXT, OCR};
    static final int MAX_HIGHLIGHTS = 3;
    /** At most this many phrases in one candidate query (Lucene's clause limit is 1024). */
    static final int PHRASES_PER_QUERY = 400;
    /**
     * Hits are counted exactly up to this many (the deepest page reachable); past it the count is a
     * lower bound and the collector may skip documents that cannot enter the page (block-max scores).
     */
    static final int EXACT_TOTAL = 10_000;

    /** Filters of a search; null means "any". */
    public record Filters(Long fromMillis, Long toMillis, String channel, String department, String ownDepartment,
                          boolean ownDepartmentOnly) {
    }

    /** What the index holds, to compare with the database. */
    public record Stamp(long count, long withdrawn, long maxId, String schema) {
    }

    private final FSDirectory directory;
    private final Analyzer indexAnalyzer;
    private final Analyzer queryAnalyzer;
    private final IndexWriter writer;
    private final SearcherManager searchers;

    private RegisterIndexStore(Path dir, double ramBufferMb) throws IOException {
        this.directory = FSDirectory.open(dir);
        this.indexAnalyzer = new PerFieldAnalyzerWrapper(RegisterAnalyzers.index(Normalizer.standard()),
                Map.of(OCR, RegisterAnalyzers.index(Normalizer.ocr())));
        this.queryAnalyzer = new PerFieldAnalyzerWrapper(RegisterAnalyzers.query(Normalizer.standard()),
                Map.of(OCR, RegisterAnalyzers.query(Normalizer.ocr())));
        IndexWriterConfig config = new IndexWriterConfig(indexAnalyzer)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setRAMBufferSizeMB(ramBufferMb);
        this.writer = new IndexWriter(directory, config);
        if (!DirectoryReader.indexExists(directory)) {
            writer.commit();
        }
        this.searchers = new SearcherManager(directory, null);
    }

    /** Opens (or creates) the index in {@code dir}. */
    public static RegisterIndexStore open(Path dir) throws IOException {
        return new RegisterIndexStore(dir, 64);
    }

    /** Opens with a larger write buffer, for bulk loads (benchmarks, rebuilds of large registers). */
    public static RegisterIndexStore openForBulk(Path dir, double ramBufferMb) throws IOException {
        return new RegisterIndexStore(dir, ramBufferMb);
    }

    // ---- writing ----

    /** Adds or replaces the document of {@code item.publicationId()} (visible after {@link #commit}). */
    public void put(RegisterItem item) throws IOException {
        writer.updateDocument(new Term(ID, Long.toString(item.publicationId())), document(item));
    }

    /** Adds a document that is known not to be in the index (bulk loads). */
    public void add(RegisterItem item) throws IOException {
        writer.addDocument(document(item));
    }

    public void deleteAll() throws IOException {
        writer.deleteAll();
    }

    /** Makes the changes durable and visible to searches. */
    public void commit() throws IOException {
        writer.setLiveCommitData(Map.of(SCHEMA_KEY, SCHEMA).entrySet());
        writer.commit();
        searchers.maybeRefreshBlocking();
    }

    /** Merges down to one segment (after a bulk load). */
    public void forceMerge() throws IOException {
        writer.forceMerge(1);
        commit();
    }

    static Document document(RegisterItem item) {
        Document d = new Document();
        d.add(new StringField(ID, Long.toString(item.publicationId()), Field.Store.NO));
        d.add(new NumericDocValuesField(PID, item.publicationId()));
        d.add(new StoredField(PID, item.publicationId()));
        d.add(new StoredField(DRAFT, item.draftId()));
        d.add(new TextField(TITLE, nz(item.title()), Field.Store.YES));
        if (item.docNumber() != null && !item.docNumber().isBlank()) {
            d.add(new TextField(DOC_NUMBER, item.docNumber(), Field.Store.YES));
        }
        d.add(new StringField(CHANNEL, nz(item.channel()), Field.Store.YES));
        d.add(new StringField(DEPARTMENT, nz(item.department()), Field.Store.YES));
        if (item.url() != null) {
            d.add(new StoredField(URL, item.url()));
        }
        d.add(new LongPoint(AT, item.publishedAtMillis()));
        d.add(new NumericDocValuesField(AT, item.publishedAtMillis()));
        d.add(new StoredField(AT, item.publishedAtMillis()));
        d.add(new StringField(WITHDRAWN, item.withdrawn() ? "1" : "0", Field.Store.YES));
        for (ExtractedPart p : item.parts() == null ? List.<ExtractedPart>of() : item.parts()) {
            if (p.text() == null || p.text().isBlank()) {
                continue;
            }
            d.add(new TextField(p.origin() == ExtractedPart.Origin.OCR ? OCR : TEXT, p.text(), Field.Store.YES));
        }
        return d;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    // ---- reading ----

    public Stamp stamp() throws IOException {
        IndexSearcher s = searchers.acquire();
        try {
            long count = s.count(new MatchAllDocsQuery());
            long withdrawn = s.count(new TermQuery(new Term(WITHDRAWN, "1")));
            long[] max = {0};
            s.search(new MatchAllDocsQuery(), new SimpleCollector() {
                NumericDocValues pids;

                @Override
                protected void doSetNextReader(LeafReaderContext context) throws IOException {
                    pids = context.reader().getNumericDocValues(PID);
                }

                @Override
                public void collect(int doc) throws IOException {
                    if (pids != null && pids.advanceExact(doc)) {
                        max[0] = Math.max(max[0], pids.longValue());
                    }
                }

                @Override
                public ScoreMode scoreMode() {
                    return ScoreMode.COMPLETE_NO_SCORES;
                }
            });
            Map<String, String> user = ((DirectoryReader) s.getIndexReader()).getIndexCommit().getUserData();
            return new Stamp(count, withdrawn, max[0], user.get(SCHEMA_KEY));
        } finally {
            searchers.release(s);
        }
    }

    /** The query for one word or phrase: an exact (normalised) substring in any searched field; null when it has no token. */
    Query phrase(String text) {
        QueryBuilder qb = new QueryBuilder(queryAnalyzer);
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        int clauses = 0;
        for (String field : SEARCHED) {
            Query q = qb.createPhraseQuery(field, text);
            if (q != null) {
                b.add(q, BooleanClause.Occur.SHOULD);
                clauses++;
            }
        }
        return clauses == 0 ? null : b.build();
    }

    /** The Lucene query of a parsed search; null when nothing in it can match a token. */
    Query toLucene(SearchQuery.Node node) {
        if (node instanceof SearchQuery.Word w) {
            return phrase(w.text());
        }
        if (node instanceof SearchQuery.Not n) {
            Query inner = toLucene(n.node());
            BooleanQuery.Builder b = new BooleanQuery.Builder().add(new MatchAllDocsQuery(), BooleanClause.Occur.MUST);
            if (inner != null) {
                b.add(inner, BooleanClause.Occur.MUST_NOT);
            }
            return b.build();
        }
        if (node instanceof SearchQuery.And a) {
            BooleanQuery.Builder b = new BooleanQuery.Builder();
            boolean positive = false;
            boolean any = false;
            for (SearchQuery.Node child : a.nodes()) {
                if (child instanceof SearchQuery.Not n) {
                    Query inner = toLucene(n.node());
                    if (inner != null) {
                        b.add(inner, BooleanClause.Occur.MUST_NOT);
                        any = true;
                    }
                } else {
                    Query q = toLucene(child);
                    if (q != null) {
                        b.add(q, BooleanClause.Occur.MUST);
                        positive = true;
                        any = true;
                    }
                }
            }
            if (!any) {
                return null;
            }
            if (!positive) {
                b.add(new MatchAllDocsQuery(), BooleanClause.Occur.MUST);
            }
            return b.build();
        }
        SearchQuery.Or o = (SearchQuery.Or) node;
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        boolean any = false;
        for (SearchQuery.Node child : o.nodes()) {
            Query q = toLucene(child);
            if (q != null) {
                b.add(q, BooleanClause.Occur.SHOULD);
                any = true;
            }
        }
        return any ? b.build() : null;
    }

    /** A page ({@code page} from 1) of what matches {@code node} (null: everything) within the filters. */
    public RegisterSearchResult search(SearchQuery.Node node, Filters f, int page, int pageSize) throws IOException {
        Query text = node == null ? null : toLucene(node);
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        b.add(text == null ? new MatchAllDocsQuery() : text, BooleanClause.Occur.MUST);
        if (f.ownDepartmentOnly()) {
            b.add(new TermQuery(new Term(DEPARTMENT, f.ownDepartment() == null ? "" : f.ownDepartment())), BooleanClause.Occur.FILTER);
        }
        if (f.department() != null) {
            b.add(new TermQuery(new Term(DEPARTMENT, f.department())), BooleanClause.Occur.FILTER);
        }
        if (f.channel() != null) {
            b.add(new TermQuery(new Term(CHANNEL, f.channel())), BooleanClause.Occur.FILTER);
        }
        if (f.fromMillis() != null || f.toMillis() != null) {
            b.add(LongPoint.newRangeQuery(AT, f.fromMillis() == null ? Long.MIN_VALUE : f.fromMillis(),
                    f.toMillis() == null ? Long.MAX_VALUE : f.toMillis() - 1), BooleanClause.Occur.FILTER);
        }
        Query query = b.build();
        Sort sort = text == null ? new Sort(new SortField(AT, SortField.Type.LONG, true), new SortField(PID, SortField.Type.LONG, true))
                : new Sort(SortField.FIELD_SCORE, new SortField(AT, SortField.Type.LONG, true));
        int skip = (page - 1) * pageSize;
        IndexSearcher s = searchers.acquire();
        try {
            TopDocs top = s.search(query, new TopFieldCollectorManager(sort, skip + pageSize, null,
                    Math.max(EXACT_TOTAL, skip + pageSize), false));
            ScoreDoc[] all = top.scoreDocs;
            int n = Math.max(0, Math.min(pageSize, all.length - skip));
            int[] docs = new int[n];
            for (int i = 0; i < n; i++) {
                docs[i] = all[skip + i].doc;
            }
            Map<String, Object[]> highlights = text == null || n == 0 ? Map.of() : highlight(s, text, docs);
            StoredFields stored = s.storedFields();
            List<RegisterHit> items = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Document d = stored.document(docs[i]);
                List<String> snippets = new ArrayList<>();
                for (String field : HIGHLIGHTED) {
                    Object[] perDoc = highlights.get(field);
                    if (perDoc != null && perDoc[i] instanceof List<?> list) {
                        for (Object o : list) {
                            if (snippets.size() < MAX_HIGHLIGHTS) {
                                snippets.add((String) o);
                            }
                        }
                    }
                }
                long at = d.getField(AT).numericValue().longValue();
                items.add(new RegisterHit(d.getField(PID).numericValue().longValue(), d.getField(DRAFT).numericValue().longValue(),
                        d.get(TITLE), d.get(CHANNEL), d.get(DEPARTMENT), d.get(URL),
                        OffsetDateTime.ofInstant(Instant.ofEpochMilli(at), ZoneOffset.UTC), "1".equals(d.get(WITHDRAWN)),
                        snippets));
            }
            return new RegisterSearchResult(top.totalHits.value, page, pageSize, items,
                    top.totalHits.relation == org.apache.lucene.search.TotalHits.Relation.EQUAL_TO);
        } finally {
            searchers.release(s);
        }
    }

    private Map<String, Object[]> highlight(IndexSearcher s, Query query, int[] docs) throws IOException {
        Snippets h = new Snippets(UnifiedHighlighter.builder(s, indexAnalyzer)
                .withFormatter(new SnippetFormatter())
                .withHighlightPhrasesStrictly(true)
                .withMaxLength(1_000_000));
        int[] max = new int[HIGHLIGHTED.length];
        java.util.Arrays.fill(max, MAX_HIGHLIGHTS);
        return h.snippets(HIGHLIGHTED, query, docs, max);
    }

    /** The unified highlighter, answering with the snippet lists of {@link SnippetFormatter}. */
    private static final class Snippets extends UnifiedHighlighter {
        Snippets(Builder builder) {
            super(builder);
        }

        Map<String, Object[]> snippets(String[] fields, Query query, int[] docs, int[] max) throws IOException {
            return highlightFieldsAsObjects(fields, query, docs, max);
        }
    }

    /**
     * Publications not withdrawn whose text contains at least one of {@code phrases} (exact
     * normalised substrings): the candidates a rescan confirms with the inspection engine.
     */
    public Set<Long> candidates(Collection<String> phrases) throws IOException {
        Set<Long> out = new TreeSet<>();
        List<String> all = new ArrayList<>(phrases);
        IndexSearcher s = searchers.acquire();
        try {
            for (int from = 0; from < all.size(); from += PHRASES_PER_QUERY) {
                BooleanQuery.Builder any = new BooleanQuery.Builder();
                int clauses = 0;
                for (String p : all.subList(from, Math.min(all.size(), from + PHRASES_PER_QUERY))) {
                    Query q = phrase(p);
                    if (q != null) {
                        any.add(q, BooleanClause.Occur.SHOULD);
                        clauses++;
                    }
                }
                if (clauses == 0) {
                    continue;
                }
                Query q = new BooleanQuery.Builder()
                        .add(any.build(), BooleanClause.Occur.MUST)
                        .add(new TermQuery(new Term(WITHDRAWN, "1")), BooleanClause.Occur.MUST_NOT)
                        .build();
                s.search(q, new SimpleCollector() {
                    NumericDocValues pids;

                    @Override
                    protected void doSetNextReader(LeafReaderContext context) throws IOException {
                        pids = context.reader().getNumericDocValues(PID);
                    }

                    @Override
                    public void collect(int doc) throws IOException {
                        if (pids != null && pids.advanceExact(doc)) {
                            out.add(pids.longValue());
                        }
                    }

                    @Override
                    public ScoreMode scoreMode() {
                        return ScoreMode.COMPLETE_NO_SCORES;
                    }
                });
            }
        } finally {
            searchers.release(s);
        }
        return out;
    }

    /** Size of the index files in bytes. */
    public long sizeBytes() throws IOException {
        long total = 0;
        for (String f : directory.listAll()) {
            try {
                total += directory.fileLength(f);
            } catch (IOException e) {
                // a file removed by a merge meanwhile
            }
        }
        return total;
    }

    @Override
    public void close() throws IOException {
        try {
            searchers.close();
        } finally {
            try {
                writer.close();
            } finally {
                directory.close();
            }
        }
    }

}
