package cn.disclosure.review.extract;

/**
 * Reads every place text can hide in a submission. Never throws for bad input: what cannot be
 * read comes back as an {@link ExtractionProblem} (fail closed).
 */
public interface ContentExtractor {

    /** A draft body: HTML (when it looks like markup) or plain text, as part {@code partName}. */
    Extraction extractBody(String partName, String body);

    /** An uploaded file, recursively into embedded files; parts are named after the file. */
    Extraction extractFile(SubmittedFile file);
}
