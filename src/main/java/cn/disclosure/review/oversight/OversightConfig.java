package cn.disclosure.review.oversight;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Map;

/** {@code review.oversight.*}: spot checks and the 自查自评 (see docs/oversight.md). */
@ConfigMapping(prefix = "review.oversight")
public interface OversightConfig {
    /** C of the discovery sample size when a draw gives none. */
    @WithDefault("0.95")
    double confidence();

    /** p of the discovery sample size when a draw gives none. */
    @WithDefault("0.05")
    double maxProblemRate();

    /** The largest sample a draw may ask for. */
    @WithDefault("2000")
    int maxSample();

    /** Days from recording a problem to its default 整改期限. */
    @WithDefault("15")
    int rectifyDays();

    /** A font with Chinese glyphs for PDF reports (TrueType, or a collection with {@code pdf-font-name}). */
    @WithDefault("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
    String pdfFont();

    @WithDefault("WenQuanYiZenHei")
    String pdfFontName();

    /** 自查自评 weights per checklist item code (missing items weigh 1). */
    Map<String, Double> weights();
}
