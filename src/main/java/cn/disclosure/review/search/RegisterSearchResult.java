package cn.disclosure.review.search;

import java.util.List;

/**
 * A page of hits and how many there are in all: exactly up to {@code RegisterIndexStore.EXACT_TOTAL}
 * (10,000, as many as paging can reach); beyond that {@code total} is a lower bound and
 * {@code totalExact} false, so that a query matching most of the register does not have to visit
 * every match to count it.
 */
public record RegisterSearchResult(long total, int page, int pageSize, List<RegisterHit> items, boolean totalExact) {
}
