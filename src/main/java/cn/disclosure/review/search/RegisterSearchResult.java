package cn.disclosure.review.search;

import java.util.List;

/** A page of hits and how many there are in all. */
public record RegisterSearchResult(long total, int page, int pageSize, List<RegisterHit> items) {
}
