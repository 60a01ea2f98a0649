package cn.disclosure.review.oversight;

import cn.disclosure.review.rectify.Rectification;
import cn.disclosure.review.rectify.RectificationService;
import cn.disclosure.review.workflow.Publication;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The 整改 items of spot-check problems: a problem opens one (source SPOT_CHECK, source id = the
 * check) for the publication's department and the 保密办, with the item's deadline; the check's
 * report shows each item's status. A withdrawn publication gets none (nothing left to rectify).
 */
@ApplicationScoped
public class RectificationLink {
    @Inject
    RectificationService rectifications;

    SpotCheckViews.Rectification open(SpotCheck sc, SpotCheckItem item, Publication pub, String actor) {
        String summary = "抽查 " + sc.id + " 发现问题：" + Problems.label(item.problem);
        Optional<Rectification> r = rectifications.open(Rectification.Source.SPOT_CHECK, sc.id, pub.id, summary,
                item.deadline, actor);
        return r.map(RectificationLink::view).orElse(null);
    }

    /** The item opened for {@code publicationId} by check {@code spotCheckId}, if any. */
    Optional<Rectification> of(long spotCheckId, long publicationId) {
        return Rectification.<Rectification>find("sourceType = ?1 and sourceId = ?2 and publicationId = ?3",
                Rectification.Source.SPOT_CHECK, spotCheckId, publicationId).firstResultOptional();
    }

    Map<Long, SpotCheckViews.Rectification> forItems(long spotCheckId, List<SpotCheckItem> items) {
        Map<Long, SpotCheckViews.Rectification> out = new LinkedHashMap<>();
        if (items.isEmpty()) {
            return out;
        }
        for (Rectification r : Rectification.<Rectification>list("sourceType = ?1 and sourceId = ?2",
                Rectification.Source.SPOT_CHECK, spotCheckId)) {
            out.put(r.publicationId, view(r));
        }
        return out;
    }

    private static SpotCheckViews.Rectification view(Rectification r) {
        return new SpotCheckViews.Rectification(r.id, r.status.name(), r.deadline, r.closedAt);
    }
}
