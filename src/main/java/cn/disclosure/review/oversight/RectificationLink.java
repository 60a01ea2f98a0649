package cn.disclosure.review.oversight;

import cn.disclosure.review.workflow.Publication;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;

/**
 * The 整改 items of spot-check problems. Until the rectification capability is merged, a problem's
 * 整改期限 lives in its spot-check item only and no separate item is opened.
 */
@ApplicationScoped
public class RectificationLink {

    SpotCheckViews.Rectification open(SpotCheck sc, SpotCheckItem item, Publication pub) {
        return null;
    }

    Map<Long, SpotCheckViews.Rectification> forItems(long spotCheckId, List<SpotCheckItem> items) {
        return Map.of();
    }
}
