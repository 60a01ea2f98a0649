package cn.disclosure.review.intake;

import cn.disclosure.review.extract.SubmittedFile;

/** An attachment as it arrives (or is carried over from the previous revision). */
public record Upload(String filename, String mediaType, byte[] bytes) {

    public SubmittedFile asSubmittedFile() {
        return new SubmittedFile(filename, bytes);
    }

    /** The name without any directory part a browser or client may send; never empty. */
    public static String cleanName(String raw, int position) {
        String name = raw == null ? "" : raw;
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(slash + 1).replaceAll("\\p{Cntrl}", "").trim();
        if (name.length() > 255) {
            name = name.substring(name.length() - 255);
        }
        return name.isEmpty() ? "附件" + position : name;
    }
}
