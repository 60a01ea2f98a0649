package cn.disclosure.review.rescan;

import cn.disclosure.review.core.Severity;
import cn.disclosure.review.extract.ExtractedPart;
import cn.disclosure.review.inspect.Category;
import cn.disclosure.review.inspect.Finding;
import cn.disclosure.review.inspect.InspectionEngine;
import cn.disclosure.review.lexicon.LexiconChanged;
import cn.disclosure.review.lexicon.LexiconEntry;
import cn.disclosure.review.lexicon.LexiconKind;
import cn.disclosure.review.text.Normalizer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A stored lexicon version with new terms (or terms whose severity changed, INFO aside) rescans
 * what is published: the terms' normalised keys are the candidate phrases, and a candidate is a
 * hit when the inspection engine — with the lexicons now in force, word boundaries and allow lists
 * included — finds one of those terms of that lexicon in its stored text.
 */
@ApplicationScoped
public class LexiconRescans {

    @Inject
    RescanService rescans;
    @Inject
    InspectionEngine engine;

    void onLexicon(@Observes LexiconChanged e) {
        if (e.kind() != LexiconKind.TERMS) {
            return;
        }
        List<LexiconEntry> terms = e.changed().stream().filter(x -> x.severity() != Severity.INFO).toList();
        if (terms.isEmpty()) {
            return;
        }
        rescans.start(new Request(new RescanTrigger(RescanTrigger.LEXICON, e.name(), e.version()), terms, engine), e.actor());
    }

    record Request(RescanTrigger trigger, List<LexiconEntry> terms, InspectionEngine engine) implements RescanRequest {

        @Override
        public boolean confirmsInParallel() {
            return true;   // the inspection engine on stored text: no database, thread-safe
        }

        @Override
        public Collection<String> phrases() {
            // the term as written and its normalised key (the index normalises both the same way as the search API)
            return terms.stream().flatMap(t -> java.util.stream.Stream.of(t.term(), t.key())).distinct().toList();
        }

        @Override
        public List<Finding> confirm(List<ExtractedPart> parts) {
            Set<String> keys = terms.stream().map(LexiconEntry::key).collect(Collectors.toSet());
            Set<String> quoted = terms.stream().map(t -> "“" + t.term() + "”").collect(Collectors.toSet());
            Map<String, ExtractedPart.Origin> origins = new HashMap<>();
            parts.forEach(p -> origins.putIfAbsent(p.name(), p.origin()));
            String rule = "term." + trigger.name();
            return engine.inspectStoredParts(parts).stream()
                    .filter(f -> f.category() == Category.SENSITIVE_TERM && rule.equals(f.rule()))
                    .filter(f -> keys.contains(key(f, origins)) || quoted.stream().anyMatch(q -> f.message() != null && f.message().contains(q)))
                    .toList();
        }

        private static String key(Finding f, Map<String, ExtractedPart.Origin> origins) {
            if (f.matched() == null) {
                return "";
            }
            ExtractedPart.Origin origin = origins.getOrDefault(f.part(), ExtractedPart.Origin.VISIBLE);
            return Normalizer.forOrigin(origin).normalize(f.matched()).toString();
        }
    }
}
