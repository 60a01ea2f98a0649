package cn.disclosure.review.ui;

import java.util.List;

/**
 * The values of the new-draft or edit form, as typed: kept when the form comes back with an error
 * or a pre-check. {@code keep} are the previous revision's attachments with whether each is kept.
 */
public record DraftForm(String title, List<Option> channels, String docNumber, String body, List<Option> keep) {
}
