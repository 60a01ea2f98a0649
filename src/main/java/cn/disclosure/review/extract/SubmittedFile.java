package cn.disclosure.review.extract;

/** An uploaded file as received: its name as the user gave it and its bytes. */
public record SubmittedFile(String filename, byte[] bytes) {
}
