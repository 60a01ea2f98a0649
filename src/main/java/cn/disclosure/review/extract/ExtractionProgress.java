package cn.disclosure.review.extract;

/**
 * Progress of one extraction, for a caller that shows it (a background worker, a page). Units are
 * files to read plus pages and images to OCR; {@link #planned} grows as embedded files, pages and
 * pictures are found, {@link #done} counts what finished (read, recognised, skipped or failed).
 * Calls come from several threads, one at a time (the extractor serialises them), and must return
 * quickly. {@code stage} is Chinese for display, e.g. "识别第 3/10 页" or "读取附件 a.docx"; it
 * names files and pages, never content.
 */
public interface ExtractionProgress {

    /** Reports nothing. */
    ExtractionProgress NONE = new ExtractionProgress() {
        @Override
        public void planned(int units) {
        }

        @Override
        public void done(int units, String stage) {
        }
    };

    /** {@code units} more units of work were found. */
    void planned(int units);

    /** {@code units} units finished; {@code stage} says which. */
    void done(int units, String stage);
}
