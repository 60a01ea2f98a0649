package cn.disclosure.review.search;

import cn.disclosure.review.extract.ExtractedPart;
import cn.disclosure.review.web.ProblemException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The register index on a real directory: analysis, query syntax, filters, highlights. */
class RegisterIndexStoreTest {
    @TempDir
    Path dir;
    RegisterIndexStore store;

    @BeforeEach
    void open() throws Exception {
        store = RegisterIndexStore.open(dir);
        put(1, "关于开展全民健身活动的通知", "各科室：定于下月在机关活动中心举办健身活动，请各科室组织参加。", "办公室", "WEBSITE", 1_000, false);
        put(2, "关于调整办公时间的通知", "自下周一起，办公时间调整为上午八点半至下午五点半。国家 秘密不得上网。", "办公室", "WECHAT", 2_000, false);
        put(3, "财务科年度预算公开", "本年度预算总额为一千万元，详见附件。", "财务科", "WEBSITE", 3_000, false);
        put(4, "已撤稿的通知", "这是一条已经撤稿的健身信息。", "办公室", "WEBSITE", 4_000, true);
        store.commit();
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    private void put(long id, String title, String body, String dept, String channel, long at, boolean withdrawn) throws Exception {
        store.put(new RegisterItem(id, 100 + id, title, null, channel, dept, "https://www.example.gov.cn/" + id + ".html", at,
                withdrawn, List.of(new ExtractedPart("title", title, ExtractedPart.Origin.VISIBLE),
                new ExtractedPart("body", body, ExtractedPart.Origin.VISIBLE))));
    }

    private List<Long> ids(String q) throws Exception {
        return ids(q, new RegisterIndexStore.Filters(null, null, null, null, null, false));
    }

    private List<Long> ids(String q, RegisterIndexStore.Filters f) throws Exception {
        return store.search(SearchQuery.parse(q), f, 1, 20).items().stream().map(RegisterHit::publicationId).sorted().toList();
    }

    @Test
    void aPhraseIsAnExactSubstring() throws Exception {
        assertThat(ids("健身活动")).containsExactly(1L);
        assertThat(ids("\"身活\"")).containsExactly(1L);          // a substring across any word boundary
        assertThat(ids("活动健身")).isEmpty();                     // same characters, another order: no hit
        assertThat(ids("健身")).containsExactly(1L, 4L);
        assertThat(ids("预")).containsExactly(3L);                 // a single character
    }

    @Test
    void traditionalFullWidthAndNoiseAreNormalised() throws Exception {
        assertThat(ids("舉辦健身")).containsExactly(1L);           // 繁体 query, 简体 text
        assertThat(ids("国家秘密")).containsExactly(2L);           // the text has a space between 国家 and 秘密
        assertThat(ids("ｈｔｔｐｓ")).isEmpty();                   // URLs are not searched text
    }

    @Test
    void andOrNotAndParentheses() throws Exception {
        assertThat(ids("通知 办公")).containsExactly(2L);
        assertThat(ids("通知 AND 办公")).containsExactly(2L);
        assertThat(ids("预算 OR 健身活动")).containsExactly(1L, 3L);
        assertThat(ids("通知 -健身")).containsExactly(2L);
        assertThat(ids("通知 NOT 健身")).containsExactly(2L);
        assertThat(ids("-通知")).containsExactly(3L);
        assertThat(ids("(预算 OR 健身活动) -全民")).containsExactly(3L);
        assertThat(ids("“办公时间”")).containsExactly(2L);
    }

    @Test
    void filtersAndDepartmentScope() throws Exception {
        assertThat(ids("", new RegisterIndexStore.Filters(null, null, "WEBSITE", null, null, false))).containsExactly(1L, 3L, 4L);
        assertThat(ids("", new RegisterIndexStore.Filters(1_500L, 3_001L, null, null, null, false))).containsExactly(2L, 3L);
        assertThat(ids("", new RegisterIndexStore.Filters(null, null, null, "财务科", null, false))).containsExactly(3L);
        assertThat(ids("预算", new RegisterIndexStore.Filters(null, null, null, null, "办公室", true))).isEmpty();
        assertThat(ids("", new RegisterIndexStore.Filters(null, null, null, null, null, true))).isEmpty();
    }

    @Test
    void pagingAndNewestFirstWithoutQuery() throws Exception {
        RegisterSearchResult p1 = store.search(null, new RegisterIndexStore.Filters(null, null, null, null, null, false), 1, 3);
        RegisterSearchResult p2 = store.search(null, new RegisterIndexStore.Filters(null, null, null, null, null, false), 2, 3);
        assertThat(p1.total()).isEqualTo(4);
        assertThat(p1.items()).extracting(RegisterHit::publicationId).containsExactly(4L, 3L, 2L);
        assertThat(p2.items()).extracting(RegisterHit::publicationId).containsExactly(1L);
    }

    @Test
    void highlightsAreShortEscapedAndPointAtTheOriginal() throws Exception {
        put(5, "长文", "甲".repeat(500) + "<b>国家 秘密</b>" + "乙".repeat(500), "办公室", "WEBSITE", 5_000, false);
        store.commit();
        RegisterHit hit = store.search(SearchQuery.parse("国家秘密"), new RegisterIndexStore.Filters(null, null, null, null, null, false), 1, 20)
                .items().stream().filter(h -> h.publicationId() == 5).findFirst().orElseThrow();
        assertThat(hit.highlights()).isNotEmpty();
        for (String s : hit.highlights()) {
            assertThat(s.replaceAll("<em>|</em>|&lt;|&gt;", "").length()).isLessThanOrEqualTo(SnippetFormatter.MAX_SNIPPET + 2);
        }
        assertThat(String.join("", hit.highlights())).contains("<em>国家 秘密</em>").contains("&lt;b&gt;").doesNotContain("<b>");
    }

    @Test
    void withdrawalIsAnUpdateAndCandidatesSkipWithdrawn() throws Exception {
        assertThat(store.candidates(List.of("健身"))).containsExactly(1L);
        put(1, "关于开展全民健身活动的通知", "各科室：定于下月在机关活动中心举办健身活动，请各科室组织参加。", "办公室", "WEBSITE", 1_000, true);
        store.commit();
        assertThat(store.candidates(List.of("健身", "預算"))).containsExactly(3L);
        RegisterIndexStore.Stamp stamp = store.stamp();
        assertThat(stamp.count()).isEqualTo(4);
        assertThat(stamp.withdrawn()).isEqualTo(2);
        assertThat(stamp.maxId()).isEqualTo(4);
        assertThat(stamp.schema()).isEqualTo(RegisterIndexStore.SCHEMA);
    }

    @Test
    void candidatesFindALexiconKeyInsideARun() throws Exception {
        put(9, "关于项目进展的通报甲乙丙丁戊己", "各科室：本季度重点工作进展顺利，其中项目代号甲乙丙丁戊己已完成验收。", "办公室", "WEBSITE", 9_000, false);
        store.commit();
        assertThat(store.candidates(List.of("项目代号甲乙丙丁戊己"))).containsExactly(9L);
        String key = new cn.disclosure.review.lexicon.LexiconParser(100).parse("x", 1, "项目代号甲乙丙丁戊己\tBLOCK\t测试用\n")
                .entries().get(0).key();
        assertThat(key).isEqualTo("项目代号甲乙丙丁戊己");
        assertThat(store.candidates(List.of(key))).containsExactly(9L);
        assertThat(ids("项目代号甲乙丙丁戊己")).containsExactly(9L);
    }

    @Test
    void badQueriesAreRefusedAsProblems() {
        assertThatThrownBy(() -> SearchQuery.parse("(健身")).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> SearchQuery.parse("健身 OR")).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> SearchQuery.parse("x".repeat(501))).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> SearchQuery.parse("a ".repeat(40))).isInstanceOf(ProblemException.class);
        assertThat(SearchQuery.parse("   ")).isNull();
    }
}
