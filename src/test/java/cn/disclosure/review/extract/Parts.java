package cn.disclosure.review.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Looking into an extraction in tests. */
final class Parts {

    private Parts() {
    }

    static ExtractedPart part(Extraction extraction, String name) {
        Map<String, ExtractedPart> byName = extraction.parts().stream()
                .collect(Collectors.toMap(ExtractedPart::name, p -> p));
        assertThat(byName).as("parts of the extraction").containsKey(name);
        return byName.get(name);
    }

    static String text(Extraction extraction, String name) {
        return part(extraction, name).text();
    }

    static List<String> names(Extraction extraction) {
        return extraction.parts().stream().map(ExtractedPart::name).toList();
    }

    static List<String> codes(Extraction extraction) {
        return extraction.problems().stream().map(ExtractionProblem::code).toList();
    }

    /** All text of the extraction, to show that something is absent everywhere. */
    static String allText(Extraction extraction) {
        return extraction.parts().stream().map(ExtractedPart::text).collect(Collectors.joining("\n"));
    }
}
