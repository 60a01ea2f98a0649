package cn.disclosure.review.bench;

import cn.disclosure.review.core.Severity;
import cn.disclosure.review.extract.ExtractedPart;
import cn.disclosure.review.inspect.DefaultInspectionEngine;
import cn.disclosure.review.inspect.Finding;
import cn.disclosure.review.inspect.Policy;
import cn.disclosure.review.lexicon.CompiledLexicon;
import cn.disclosure.review.lexicon.Lexicon;
import cn.disclosure.review.lexicon.LexiconChanged;
import cn.disclosure.review.lexicon.LexiconEntry;
import cn.disclosure.review.lexicon.LexiconParser;
import cn.disclosure.review.rescan.RescanBenchAccess;
import cn.disclosure.review.search.RegisterIndexBenchAccess;
import cn.disclosure.review.search.RegisterIndexStore;
import cn.disclosure.review.search.RegisterItem;
import cn.disclosure.review.text.WordBoundaries;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The register index at the scale of issue 10: N synthetic register items of about 1 KB of UTF-8 each
 * (title, 文号, department, channel, date, ~320 characters of government-notice prose generated from a
 * vocabulary of notice phrases; deterministic: item i is always the same text), indexed with the production
 * {@link RegisterIndexStore} (analysis chain, fields, stored text, the writer settings of a rebuild) on disk.
 * Then:
 * <ol>
 * <li>search latency over a realistic query mix (single words, quoted phrases, AND / OR / -, filters by date
 * range, channel and department, the plain register listing, pages 1–5 and a few deep pages), each a page of 20
 * with highlights as {@code GET /api/v1/register/search} answers, p50/p95/p99;</li>
 * <li>a 10-term lexicon change rescanned: the production candidate query ({@code RegisterIndexStore.candidates}
 * with the production rescan request's phrases) over all items, then the production confirmation
 * ({@code LexiconRescans.Request.confirm}: the inspection engine with the shipped lexicons plus the changed
 * version, word boundaries and allow lists) on every candidate's text. The service reads that text from
 * PostgreSQL ({@code revision_part}) and writes hits and 整改 items there; here the text comes from the
 * generator and nothing is written — those database round trips are not in the figure.</li>
 * </ol>
 * Prints figures; asserts nothing. Usage:
 * {@code java -Xmx2g -cp … cn.disclosure.review.bench.RegisterIndexBench [N] [dir] [queries] [search-only]} (run from the
 * repository root: the shipped lexicons are read from {@code lexicons/}). Without {@code dir} the index goes to a
 * temporary directory that is deleted at the end.
 */
public final class RegisterIndexBench {
    static final String[] DEPARTMENTS = {"办公室", "发展和改革委员会", "教育局", "科学技术局", "公安局", "民政局", "司法局", "财政局",
            "人力资源和社会保障局", "自然资源和规划局", "生态环境局", "住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局",
            "文化广电旅游体育局", "卫生健康委员会", "退役军人事务局", "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局",
            "信访局", "政务服务管理办公室", "大数据管理局", "城市管理局", "林业局", "档案馆"};
    static final String[] ABBREVIATIONS = {"政办", "发改", "教", "科", "公", "民", "司", "财", "人社", "自然资源", "环", "建", "交",
            "水", "农", "商", "文旅", "卫健", "退役军人", "应急", "审", "市监", "统", "医保", "信访", "政务服务", "数据", "城管", "林",
            "档"};
    static final String[] CHANNELS = {"WEBSITE", "WEBSITE", "WEBSITE", "WEBSITE", "WEBSITE", "WEBSITE", "WEBSITE", "WECHAT", "WECHAT",
            "WEIBO"};
    private static final String[] TITLE_VERBS = {"印发", "开展", "做好", "公布", "征求", "调整", "进一步加强", "组织申报", "公开征集", "表彰"};
    private static final String[] TITLE_ENDS = {"的通知", "的公告", "的通告", "的实施方案", "工作情况的报告", "的公示", "意见的函",
            "的决定", "的工作要点", "情况通报"};
    private static final String[] TOPICS = {"2026年度部门预算", "城乡居民基本医疗保险参保工作", "安全生产专项整治行动", "高标准农田建设项目",
            "老旧小区改造工程", "营商环境优化提升行动", "基层治理现代化建设", "义务教育优质均衡发展", "重点项目资金绩效评价", "公共法律服务体系建设",
            "生态环境保护督察整改", "政务公开标准化规范化建设", "就业创业扶持政策", "食品安全监督抽检", "防汛应急预案修订", "河湖长制工作",
            "农村集体产权制度改革", "中小学校舍安全排查", "城市更新试点", "数字政府建设", "森林防火工作", "退役军人优抚政策落实", "医保基金监管",
            "统计执法检查", "信访积案化解", "档案数字化", "消费品以旧换新", "科技型中小企业评价", "普法宣传教育", "政府采购意向"};
    private static final String[] OPENINGS = {"为深入贯彻落实党中央、国务院决策部署，", "根据《中华人民共和国政府信息公开条例》有关规定，",
            "按照市委、市政府工作安排，", "为进一步优化营商环境，", "经研究决定，", "为切实做好今年防汛抗旱工作，", "为加强和改进新时代机关党建工作，",
            "近日，", "今年以来，", "截至本月底，", "为推动高质量发展，", "根据省财政厅相关文件精神，", "为保障人民群众生命财产安全，",
            "按照《中华人民共和国预算法》要求，", "为规范行政执法行为，"};
    private static final String[] SUBJECTS = {"市政务服务中心", "区人力资源和社会保障局", "县农业农村局", "市生态环境局", "我局", "各街道办事处",
            "市场监督管理部门", "住房和城乡建设委员会", "市统计局", "区教育局", "卫生健康委员会", "自然资源和规划局", "各乡镇人民政府",
            "交通运输局", "各有关单位", "各县（市、区）", "局属各单位"};
    private static final String[] ACTIONS = {"组织开展了", "认真落实", "全面推进", "稳步实施", "扎实推进", "持续深化", "统筹推进", "研究部署了",
            "督促指导", "积极探索", "加快构建", "进一步完善", "集中整治", "严格落实", "深入开展"};
    private static final String[] RESULTS = {"取得明显成效。", "群众满意度持续提升。", "各项指标均完成年度目标。", "有关情况通报如下。",
            "请各单位认真贯彻执行。", "形成了可复制可推广的经验做法。", "企业开办时间压缩至1个工作日。", "下一步将继续加大工作力度。",
            "现将有关事项通知如下：", "特此公告。", "欢迎社会各界监督。", "公示期为5个工作日。", "如有异议，请在公示期内向我局反映。",
            "请于规定时间内报送材料。", "具体事项另行通知。"};
    /** Sentences that carry the terms of the lexicon change (planted in about 2.5 % of the items). */
    private static final String[] PLANTED = {"本项目标底价格为1200万元，请投标人注意。", "附件为内部工作方案，请勿外传。",
            "来信附有信访人身份信息，已退回。", "评标专家库抽取结果已封存。", "会议通报了涉密人员名单调整情况。",
            "拟任人选考察意见已报组织部。", "相关敏感信息清单由办公室统一管理。", "请各单位于月底前报送核心涉密岗位人员情况。",
            "文件标注内部资料注意保存字样。", "会议研究了尚未公开的统计数据发布安排。",
            // near misses: the candidate query finds them (the substring is there), the confirmation decides
            "项目标底价格局已经形成。", "各单位要区分内部工作方案和对外公开文件，做好保密宣传教育。"};
    /** The 10 terms the lexicon change adds (BLOCK / WARN), none of them in the shipped lexicon. */
    static final String[] NEW_TERMS = {"标底价格", "内部工作方案", "信访人身份信息", "评标专家库", "涉密人员名单", "拟任人选考察意见",
            "敏感信息清单", "核心涉密岗位", "内部资料注意保存", "尚未公开的统计数据"};
    static final long FIRST_DAY = LocalDate.of(2020, 1, 1).atStartOfDay(ZoneId.of("Asia/Shanghai")).toInstant().toEpochMilli();
    static final long SPAN_MILLIS = 7L * 365 * 24 * 3600 * 1000;

    private RegisterIndexBench() {
    }

    /** The register item {@code i} (1-based), always the same for the same i. */
    static RegisterItem item(long i, long n) {
        Random r = new Random(0x5DEECE66DL * i + 12345);
        int dept = r.nextInt(DEPARTMENTS.length);
        long at = FIRST_DAY + (SPAN_MILLIS / n) * i + r.nextInt(3_600_000);
        int year = LocalDate.ofInstant(java.time.Instant.ofEpochMilli(at), ZoneId.of("Asia/Shanghai")).getYear();
        String docNumber = ABBREVIATIONS[dept] + "〔" + year + "〕" + (1 + r.nextInt(300)) + "号";
        String title = "关于" + pick(r, TITLE_VERBS) + pick(r, TOPICS) + pick(r, TITLE_ENDS);
        StringBuilder body = new StringBuilder(400);
        body.append(docNumber).append('\n').append(pick(r, SUBJECTS)).append("：\n");
        boolean planted = r.nextInt(40) == 0;
        int plantAt = planted ? 60 + r.nextInt(200) : -1;
        while (body.length() < 320) {
            if (plantAt >= 0 && body.length() >= plantAt) {
                body.append(pick(r, PLANTED));
                plantAt = -1;
            }
            body.append(pick(r, OPENINGS)).append(pick(r, SUBJECTS)).append(pick(r, ACTIONS)).append(pick(r, TOPICS)).append('，');
            switch (r.nextInt(4)) {
                case 0 -> body.append(year).append('年').append(1 + r.nextInt(12)).append("月共投入资金").append(10 + r.nextInt(9000))
                        .append("万元，");
                case 1 -> body.append("涉及").append(1 + r.nextInt(500)).append("个项目、").append(100 + r.nextInt(90000)).append("户群众，");
                case 2 -> body.append("联系电话：0571-8").append(1000000 + r.nextInt(8999999)).append("，");
                default -> {
                }
            }
            body.append(pick(r, RESULTS));
            if (r.nextInt(4) == 0) {
                body.append('\n');
            }
        }
        body.append('\n').append(DEPARTMENTS[dept]).append('\n').append(year).append("年").append(1 + r.nextInt(12)).append("月")
                .append(1 + r.nextInt(28)).append("日");
        String text = body.toString();
        return new RegisterItem(i, i, title, docNumber, CHANNELS[r.nextInt(CHANNELS.length)], DEPARTMENTS[dept],
                "https://www.example.gov.cn/art/" + year + "/" + i + ".html", at, i % 50 == 0,
                List.of(new ExtractedPart("title", title, ExtractedPart.Origin.VISIBLE),
                        new ExtractedPart("body", text, ExtractedPart.Origin.VISIBLE)));
    }

    private static String pick(Random r, String[] options) {
        return options[r.nextInt(options.length)];
    }

    /** One search as the API receives it. */
    record Search(String kind, String q, Long from, Long to, String channel, String department, int page) {
    }

    static List<Search> queries(int count, long n) {
        Random r = new Random(20261202);
        String[] words = {"预算", "防汛", "公示", "通知", "医保", "招标", "消防", "档案", "采购", "就业", "社区", "补贴", "农田", "信访", "执法",
                "扶持", "抽检", "督察", "改造", "养老"};
        List<Search> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int kind = r.nextInt(20);
            String q;
            String k;
            if (kind < 5) {
                k = "word";
                q = pick(r, words);
            } else if (kind < 9) {
                k = "phrase";
                String t = pick(r, TOPICS);
                int a = r.nextInt(Math.max(1, t.length() - 4));
                q = "\"" + t.substring(a, Math.min(t.length(), a + 4 + r.nextInt(6))) + "\"";
            } else if (kind < 11) {
                k = "and";
                q = pick(r, words) + " AND " + pick(r, TOPICS).substring(0, 4);
            } else if (kind < 13) {
                k = "or";
                q = pick(r, words) + " OR " + pick(r, words);
            } else if (kind < 15) {
                k = "not";
                q = pick(r, TOPICS).substring(0, 4) + " -" + pick(r, words);
            } else if (kind < 17) {
                k = "docnumber";
                int d = r.nextInt(ABBREVIATIONS.length);
                q = ABBREVIATIONS[d] + "〔" + (2020 + r.nextInt(7)) + "〕" + (1 + r.nextInt(300)) + "号";
            } else if (kind < 18) {
                k = "listing";
                q = null;
            } else {
                k = "rare";
                q = "\"" + pick(r, NEW_TERMS) + "\"";
            }
            Long from = null;
            Long to = null;
            String channel = null;
            String department = null;
            if (r.nextInt(4) == 0) {
                long a = FIRST_DAY + (long) (r.nextDouble() * SPAN_MILLIS);
                from = a;
                to = a + (30L + r.nextInt(335)) * 24 * 3600 * 1000;
            }
            if (r.nextInt(5) == 0) {
                channel = CHANNELS[r.nextInt(CHANNELS.length)];
            }
            if (r.nextInt(4) == 0 || q == null) {
                department = pick(r, DEPARTMENTS);
            }
            int page = r.nextInt(10) < 7 ? 1 : r.nextInt(10) < 9 ? 2 + r.nextInt(4) : 20 + r.nextInt(30);
            out.add(new Search(k, q, from, to, channel, department, page));
        }
        return out;
    }

    public static void main(String[] args) throws Exception {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        boolean keep = args.length > 1;
        Path dir = keep ? Path.of(args[1]) : Files.createTempDirectory("register-bench");
        int queryCount = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
        boolean rescan = args.length <= 3 || !args[3].equals("search-only");
        System.out.printf("machine: %d cores, %s %s, max heap %d MB; load average at start %.2f%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        long bytes = 0;
        try (RegisterIndexStore store = RegisterIndexStore.open(dir)) {
            boolean fresh = store.stamp().count() != n;
            if (fresh) {
                store.deleteAll();
                long t0 = System.nanoTime();
                long cpu0 = processCpu();
                for (long i = 1; i <= n; i++) {
                    RegisterItem item = item(i, n);
                    if (i <= 1000) {
                        for (ExtractedPart p : item.parts()) {
                            bytes += p.text().getBytes(StandardCharsets.UTF_8).length;
                        }
                    }
                    store.add(item);
                    if (i % 100_000 == 0) {
                        System.out.printf("indexed %,d (%.1f s, load %.2f)%n", i, (System.nanoTime() - t0) / 1e9,
                                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                    }
                }
                store.commit();
                double indexSeconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf("N=%,d items (%,d bytes of UTF-8 text per item on average) indexed and committed in %.1f s (%.0f items/s;"
                                + " process CPU %.1f s); index size %.1f MB%n", n, bytes / Math.min(n, 1000), indexSeconds, n / indexSeconds,
                        (processCpu() - cpu0) / 1e9, store.sizeBytes() / 1e6);
            } else {
                System.out.printf("N=%,d items already in %s (index size %.1f MB)%n", n, dir, store.sizeBytes() / 1e6);
            }
            if (queryCount > 0) {
                search(store, queries(queryCount, n));
            }
            if (rescan) {
                rescan(store, n);
            }
            System.out.printf("index size %.1f MB; load average at the end %.2f%n", store.sizeBytes() / 1e6,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
        if (!keep) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void search(RegisterIndexStore store, List<Search> queries) throws Exception {
        for (int round = 0; round < 2; round++) {          // the first round warms the JIT and the page cache
            long[] nanos = new long[queries.size()];
            Map<String, List<Long>> byKind = new java.util.TreeMap<>();
            long totalHits = 0;
            long u0 = threadCpu();
            for (int i = 0; i < queries.size(); i++) {
                Search s = queries.get(i);
                long s0 = System.nanoTime();
                totalHits += RegisterIndexBenchAccess.search(store, s.q(), s.from(), s.to(), s.channel(), s.department(), s.page());
                nanos[i] = System.nanoTime() - s0;
                byKind.computeIfAbsent(s.kind(), k -> new ArrayList<>()).add(nanos[i]);
            }
            double cpuPerSearch = (threadCpu() - u0) / 1e6 / queries.size();
            Arrays.sort(nanos);
            System.out.printf("%s: mean CPU %.1f ms per search; ", round == 0 ? "warm-up" : "measured", cpuPerSearch);
            System.out.printf("%s: %,d searches (page of 20 with highlights, filters on about half): p50 %.1f ms, p95 %.1f ms,"
                            + " p99 %.1f ms, max %.1f ms; mean total hits %,d; load %.2f%n", round == 0 ? "search warm-up round" : "search",
                    nanos.length, pct(nanos, 50), pct(nanos, 95), pct(nanos, 99), nanos[nanos.length - 1] / 1e6,
                    totalHits / queries.size(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            if (round == 1) {
                byKind.forEach((k, v) -> {
                    long[] a = v.stream().mapToLong(Long::longValue).sorted().toArray();
                    System.out.printf("  %-10s %5d searches: p50 %.1f ms, p95 %.1f ms, max %.1f ms%n", k, a.length, pct(a, 50), pct(a, 95),
                            a[a.length - 1] / 1e6);
                });
            }
        }
    }

    /** CPU time of the whole process (indexing thread, merge threads, GC), in ns. */
    static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static long threadCpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static double pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1e6;
    }

    private static void rescan(RegisterIndexStore store, long n) throws Exception {
        // the shipped lexicons, and a new version of sensitive-terms with 10 more terms
        LexiconParser parser = new LexiconParser(1_000_000);
        String shipped = Files.readString(Path.of("lexicons/sensitive-terms.tsv"));
        StringBuilder added = new StringBuilder(shipped);
        if (!shipped.endsWith("\n")) {
            added.append('\n');
        }
        for (int i = 0; i < NEW_TERMS.length; i++) {
            added.append(NEW_TERMS[i]).append('\t').append(i % 2 == 0 ? "BLOCK" : "WARN").append('\t').append("基准测试新增词条\n");
        }
        Lexicon before = parser.parse("sensitive-terms", 1, shipped);
        Lexicon after = parser.parse("sensitive-terms", 2, added.toString());
        Lexicon allow = parser.parse("allow-near-misses", 1, Files.readString(Path.of("lexicons/allow-near-misses.tsv")));
        List<LexiconEntry> changed = LexiconChanged.changedEntries(before, after);
        CompiledLexicon compiled = CompiledLexicon.compile(List.of(after, allow));
        WordBoundaries.cacheWindows(32768);
        DefaultInspectionEngine engine = new DefaultInspectionEngine(null, () -> compiled,
                Policy.of(Map.of("classification-mark", Severity.BLOCK, "internal-marking", Severity.WARN, "id-card", Severity.BLOCK,
                        "bank-card", Severity.BLOCK, "mobile", Severity.WARN, "lexicon-term", Severity.INFO)), 3);
        RescanBenchAccess request = new RescanBenchAccess("sensitive-terms", 2, changed, engine);
        // warm the confirmation path (JIT, HanLP dictionaries) on items outside the measurement
        for (long i = 1; i <= 2_000; i++) {
            request.confirm(item(i, n).parts());
        }
        for (int round = 0; round < 3; round++) {
            long c0 = System.nanoTime();
            long u0 = threadCpu();
            Set<Long> candidates = store.candidates(request.phrases());
            long c1 = System.nanoTime();
            long u1 = threadCpu();
            int hits = 0;
            for (long pid : candidates) {
                List<Finding> f = request.confirm(item(pid, n).parts()).stream().filter(x -> x.severity() != Severity.INFO).toList();
                if (!f.isEmpty()) {
                    hits++;
                }
            }
            long c2 = System.nanoTime();
            long u2 = threadCpu();
            System.out.printf("rescan of a %d-term change (%d phrases) over %,d items: %,d candidates in %.0f ms (CPU %.0f ms), confirmed %,d hits"
                            + " in %.0f ms (CPU %.0f ms; text from the generator: %.0f µs CPU per candidate incl. regeneration);"
                            + " total %.2f s (CPU %.2f s); load %.2f%n",
                    changed.size(), request.phrases().size(), n, candidates.size(), (c1 - c0) / 1e6, (u1 - u0) / 1e6, hits, (c2 - c1) / 1e6,
                    (u2 - u1) / 1e6, candidates.isEmpty() ? 0 : (u2 - u1) / 1e3 / candidates.size(), (c2 - c0) / 1e9, (u2 - u0) / 1e9,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
        long g0 = System.nanoTime();
        for (long i = 1; i <= 20_000; i++) {
            item(i, n);
        }
        System.out.printf("(generating one item costs %.1f µs, included above)%n", (System.nanoTime() - g0) / 1e3 / 20_000);
    }
}
