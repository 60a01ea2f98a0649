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

    /** {@link #extractBody(String, String)}, reporting progress (files read, images recognised). */
    default Extraction extractBody(String partName, String body, ExtractionProgress progress) {
        return extractBody(partName, body);
    }

    /** {@link #extractFile(SubmittedFile)}, reporting progress (files read, pages and images recognised). */
    default Extraction extractFile(SubmittedFile file, ExtractionProgress progress) {
        return extractFile(file);
    }
}
