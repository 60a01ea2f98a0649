package cn.disclosure.review.rescan;

import cn.disclosure.review.excerpt.ProtectedDocumentRegistered;
import cn.disclosure.review.excerpt.ProtectedDocuments;
import cn.disclosure.review.extract.ExtractedPart;
import cn.disclosure.review.inspect.Finding;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * A registered protected document rescans what is published (issue 10 §2): protected text that went
 * online before the registration counts as public for new drafts (boilerplate subtraction), so only
 * this rescan finds it. The candidates come from the stored public fingerprints, not from phrase
 * queries — the document's text is not kept, and its fingerprints find a shared run of 30 letters
 * whatever the punctuation; the confirmation finds the document's passages in each candidate's
 * stored parts. Each hit is an EXCERPT finding (BLOCK) and opens a 整改 item like any rescan hit.
 */
@ApplicationScoped
public class ExcerptRescans {

    @Inject
    RescanService rescans;
    @Inject
    ProtectedDocuments documents;
    /** A gram of the new document that more published items than this share is boilerplate for the rescan. */
    @ConfigProperty(name = "review.excerpt.rescan-boilerplate-publications", defaultValue = "20")
    int boilerplateLimit;

    void onRegistered(@Observes ProtectedDocumentRegistered e) {
        ProtectedDocuments.DocumentRescan r = documents.rescan(e.id(), boilerplateLimit);
        rescans.start(new Request(new RescanTrigger(RescanTrigger.PROTECTED_DOCUMENT, e.title(), (int) Math.min(Integer.MAX_VALUE, e.id())), r),
                e.actor());
    }

    record Request(RescanTrigger trigger, ProtectedDocuments.DocumentRescan document) implements RescanRequest {

        @Override
        public Collection<String> phrases() {
            return List.of();
        }

        @Override
        public Set<Long> knownCandidates() {
            return document.candidates();
        }

        @Override
        public List<Finding> confirm(List<ExtractedPart> parts) {
            List<Finding> out = new ArrayList<>();
            for (ExtractedPart p : parts) {
                out.addAll(document.confirmation().findings(p.name(), p.text(), p.origin()));
            }
            return out;
        }
    }
}
