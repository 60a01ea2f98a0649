package cn.disclosure.review.oversight;

import cn.disclosure.review.core.ServiceZone;
import cn.disclosure.review.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/** The 通报 of a closed check, in JSON, xlsx or PDF. */
@ApplicationScoped
public class SpotCheckReports {
    @Inject
    SpotChecks checks;
    @Inject
    ServiceZone zone;
    @Inject
    OversightConfig config;

    @Transactional
    public SpotCheckReport report(long id) {
        SpotCheckViews.Detail d = checks.detail(id);
        if (!"CLOSED".equals(d.status())) {
            throw ProblemException.conflict("spot-check-open", "抽查尚未结束，结束后才能生成通报");
        }
        SpotCheckViews.Verification v = checks.verify(id);
        return SpotCheckReport.of(d, v, LocalDate.now(zone.zone()), OffsetDateTime.now(zone.zone()));
    }

    public byte[] xlsx(SpotCheckReport r) {
        return Documents.xlsx(SpotCheckReportDocument.of(r, zone.zone()));
    }

    public byte[] pdf(SpotCheckReport r) {
        return Documents.pdf(SpotCheckReportDocument.of(r, zone.zone()), config.pdfFont(), config.pdfFontName());
    }
}
