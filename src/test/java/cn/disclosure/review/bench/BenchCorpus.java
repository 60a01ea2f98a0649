package cn.disclosure.review.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Deterministic benchmark material: government-notice prose built from real clauses (with dates,
 * figures and, rarely, the things the engine looks for), and a lexicon of real-word compounds
 * drawn from the same vocabulary so the automaton meets many partial matches, as in real use.
 */
public final class BenchCorpus {
    private static final String[] OPENINGS = {
            "为深入贯彻落实党中央、国务院决策部署，", "根据《中华人民共和国政府信息公开条例》有关规定，", "按照市委、市政府工作安排，",
            "为进一步优化营商环境，", "经研究决定，", "为切实做好今年防汛抗旱工作，", "为加强和改进新时代机关党建工作，",
            "近日，", "今年以来，", "截至本月底，", "为推动高质量发展，", "根据省财政厅相关文件精神，"};
    private static final String[] SUBJECTS = {
            "市政务服务中心", "区人力资源和社会保障局", "县农业农村局", "市生态环境局", "我局", "各街道办事处", "市场监督管理部门",
            "住房和城乡建设委员会", "市统计局", "区教育局", "卫生健康委员会", "自然资源和规划局", "各乡镇人民政府", "交通运输局"};
    private static final String[] ACTIONS = {
            "组织开展了", "认真落实", "全面推进", "稳步实施", "扎实推进", "持续深化", "统筹推进", "研究部署了", "督促指导",
            "积极探索", "加快构建", "进一步完善"};
    private static final String[] OBJECTS = {
            "“一网通办”改革", "城乡居民基本医疗保险参保工作", "安全生产专项整治三年行动", "高标准农田建设项目",
            "老旧小区改造工程", "营商环境优化提升行动", "基层治理体系和治理能力现代化建设", "义务教育优质均衡发展",
            "重点项目资金绩效评价", "公共法律服务体系建设", "生态环境保护督察整改", "政务公开标准化规范化建设",
            "就业创业扶持政策", "食品安全监督抽检", "防汛应急预案修订", "河湖长制工作"};
    private static final String[] RESULTS = {
            "取得明显成效。", "群众满意度持续提升。", "各项指标均完成年度目标。", "有关情况通报如下。", "请各单位认真贯彻执行。",
            "形成了可复制可推广的经验做法。", "企业开办时间压缩至1个工作日。", "累计受理群众诉求", "下一步将继续加大工作力度。",
            "现将有关事项通知如下：", "特此公告。", "欢迎社会各界监督。"};
    private static final String[] RARE = {
            "咨询电话：0571-87001234。", "联系人：王先生，手机 13905718888。", "本项目招标底价为1200万元。",
            "按照《关于加强项目管理的通知》（秘密★1年）的要求。", "身份证号 330106********0426。", "保密工作要常抓不懈。",
            "信息安全的三个基本属性是机密性、完整性和可用性。", "審計工作底稿已整理完畢。"};

    private BenchCorpus() {
    }

    /** About {@code chars} characters of prose; the same seed gives the same text. */
    public static String prose(int chars, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder(chars + 200);
        while (sb.length() < chars) {
            sb.append(pick(r, OPENINGS)).append(pick(r, SUBJECTS)).append(pick(r, ACTIONS)).append(pick(r, OBJECTS)).append('，');
            sb.append(2015 + r.nextInt(11)).append('年').append(1 + r.nextInt(12)).append("月共投入资金")
                    .append(10 + r.nextInt(9000)).append("万元，").append(pick(r, RESULTS));
            if (r.nextInt(40) == 0) {
                sb.append(pick(r, RARE));
            }
            if (r.nextInt(5) == 0) {
                sb.append('\n');
            }
        }
        sb.setLength(chars);
        return sb.toString();
    }

    /**
     * {@code n} distinct terms of 3 to 8 characters drawn from the prose's own character
     * distribution: the automaton meets partial matches all the time, whole terms rarely, as a real
     * lexicon does on real text. A few real terms are planted so hits happen too.
     */
    public static List<String> lexicon(int n, long seed) {
        String sample = prose(200_000, seed + 1);
        StringBuilder han = new StringBuilder();
        sample.chars().filter(Character::isIdeographic).forEach(c -> han.append((char) c));
        Random r = new Random(seed);
        Set<String> terms = new LinkedHashSet<>(List.of("招标底价", "审计工作底稿", "内部参阅", "未公开数据"));
        while (terms.size() < n) {
            int len = 3 + r.nextInt(6);
            char[] t = new char[len];
            for (int i = 0; i < len; i++) {
                t[i] = han.charAt(r.nextInt(han.length()));
            }
            terms.add(new String(t));
        }
        return new ArrayList<>(terms);
    }

    private static String pick(Random r, String[] options) {
        return options[r.nextInt(options.length)];
    }
}
