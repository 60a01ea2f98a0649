package cn.disclosure.review.check;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * Body of {@code POST /api/v1/mail-gate/events}: a message the mail gate refused (5xx) or deferred
 * (4xx) on its own, without a check through the service deciding it — too large, a request the
 * service refused, the service unreachable. Envelope metadata only: the sender, the recipients'
 * DOMAINS (an address is refused, not trimmed), the reply code and the reason category. Never a
 * subject, text, file name or matched text: there is no field for any of them.
 *
 * @param eventId        the gate's id of this event (idempotency: a second delivery is ignored)
 * @param reference      the gate's reference of the message (in its SMTP reply and log)
 * @param replyCode      the SMTP reply code the gate gave (4xx deferred, 5xx refused)
 * @param enhancedCode   the enhanced status code of that reply (RFC 3463), e.g. {@code 5.3.4}
 * @param reason         one of {@link MailGateEvents#REASONS}
 * @param serviceProblem the problem code of the service's refusal ({@code service-refused} only)
 * @param sender         the envelope sender, {@code <>} for the null sender
 * @param recipientDomains the recipients' domains (none yet for a refusal at MAIL FROM)
 * @param occurredAt     when the gate replied (ISO-8601 instant)
 * @param spooled        whether the event waited in the gate's spool because the service was unreachable
 */
public record MailGateEvent(
        @NotBlank(message = "不能为空") @Pattern(regexp = "[A-Za-z0-9-]{8,64}", message = "应为 8–64 个字母、数字或连字符") String eventId,
        @NotBlank(message = "不能为空") @Pattern(regexp = "[A-Za-z0-9-]{1,64}", message = "应为 1–64 个字母、数字或连字符") String reference,
        @NotNull(message = "不能为空") @Min(value = 400, message = "应为 4xx 或 5xx") @Max(value = 599, message = "应为 4xx 或 5xx") Integer replyCode,
        @Pattern(regexp = "[45]\\.[0-9]{1,3}\\.[0-9]{1,3}", message = "应为增强状态码，例如 5.3.4") String enhancedCode,
        @NotBlank(message = "不能为空") @Size(max = 40, message = "不能超过 {max} 个字符") String reason,
        @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,63}|[1-5][0-9][0-9]", message = "应为问题代码（小写字母、数字和连字符）或 HTTP 状态码") String serviceProblem,
        @NotBlank(message = "不能为空") @Size(max = 320, message = "不能超过 {max} 个字符")
        @Pattern(regexp = "<>|[^\\s<>\\p{Cntrl}\"]+", message = "发件人地址格式无效") String sender,
        @NotNull(message = "不能为空") @Size(max = 1000, message = "最多 {max} 个")
        List<@NotBlank(message = "不能为空") @Size(max = 255, message = "不能超过 {max} 个字符")
        @Pattern(regexp = "[\\p{L}\\p{N}_](?:[\\p{L}\\p{N}._-]*[\\p{L}\\p{N}])?|\\[(?:IPv6:)?[0-9A-Fa-f:.]{2,64}]",
                message = "只能是收件人的域名，不能是邮件地址") String> recipientDomains,
        @Size(max = 40, message = "不能超过 {max} 个字符") String occurredAt,
        Boolean spooled) {
}
