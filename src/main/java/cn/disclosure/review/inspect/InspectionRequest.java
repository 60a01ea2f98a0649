package cn.disclosure.review.inspect;

import cn.disclosure.review.extract.SubmittedFile;
import cn.disclosure.review.core.Channel;

import java.util.List;

/** What to inspect: a title, a body (plain text or HTML) and attached files, for one channel. */
public record InspectionRequest(Channel channel, String title, String body, List<SubmittedFile> files) {
}
