package cn.disclosure.review.inspect;

/**
 * How far an inspection has got, for a background worker to show: {@link #planned} units of work
 * (files to read, pages to recognise — the total may grow as embedded files are found) and
 * {@link #done} units with a stage in words a user understands ("读取附件 通知.docx"). Never text of
 * the submission in the stage.
 */
public interface InspectionProgress {
    void planned(int units);

    void done(int units, String stage);

    InspectionProgress NONE = new InspectionProgress() {
        @Override
        public void planned(int units) {
        }

        @Override
        public void done(int units, String stage) {
        }
    };
}
