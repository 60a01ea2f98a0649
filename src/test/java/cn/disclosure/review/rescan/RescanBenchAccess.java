package cn.disclosure.review.rescan;

import cn.disclosure.review.extract.ExtractedPart;
import cn.disclosure.review.inspect.Finding;
import cn.disclosure.review.inspect.InspectionEngine;
import cn.disclosure.review.lexicon.LexiconEntry;

import java.util.Collection;
import java.util.List;

/** Lets the benchmark (another package) use the production rescan request of a lexicon change. */
public final class RescanBenchAccess {
    private final RescanRequest request;

    public RescanBenchAccess(String lexicon, int version, List<LexiconEntry> changed, InspectionEngine engine) {
        this.request = new LexiconRescans.Request(new RescanTrigger(RescanTrigger.LEXICON, lexicon, version), changed, engine);
    }

    /** The candidate phrases the production rescan asks the register index for. */
    public Collection<String> phrases() {
        return request.phrases();
    }

    /** The production confirmation of one candidate's stored parts (non-empty: a hit). */
    public List<Finding> confirm(List<ExtractedPart> parts) {
        return request.confirm(parts);
    }
}
