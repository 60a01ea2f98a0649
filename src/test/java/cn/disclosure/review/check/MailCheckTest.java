package cn.disclosure.review.check;

import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The envelope fields of a mail check (mailFrom, mailRecipientDomain, mailRef, mailProblem): only a
 * MAIL_GATE account may send them, only for channel EMAIL, well-formed; they make the audit line
 * MAIL_REFUSED (BLOCK) or MAIL_CHECKED with sender, recipients' domains and categories — no content.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class MailCheckTest {
    @TestHTTPResource("/api/v1/check")
    URL check;

    @Test
    void onlyTheMailGateMaySendEnvelopeFields() throws Exception {
        for (String user : new String[]{"cms", "editor", "office"}) {
            HttpResponse<String> r = new Multipart().field("channel", "EMAIL").field("text", "会议通知")
                    .field("mailFrom", "a@office.example.gov.cn").field("mailRecipientDomain", "example.com")
                    .post(check.toURI(), user);
            assertThat(r.statusCode()).as(user).isEqualTo(403);
            assertThat(JsonPath.from(r.body()).getString("code")).isEqualTo("mail-fields-not-allowed");
        }
        // even a malformed field from another account is a 403, not a hint about the format
        HttpResponse<String> r = new Multipart().field("channel", "EMAIL").field("text", "会议通知")
                .field("mailProblem", "whatever").post(check.toURI(), "cms");
        assertThat(r.statusCode()).isEqualTo(403);
    }

    @Test
    void malformedEnvelopesAndOtherChannelsAreRefused() throws Exception {
        assertThat(problem(new Multipart().field("channel", "EMAIL").field("text", "通知")
                .field("mailRecipientDomain", "example.com"))).isEqualTo("bad-mail-envelope"); // no sender
        assertThat(problem(new Multipart().field("channel", "EMAIL").field("text", "通知")
                .field("mailFrom", "a@b.cn"))).isEqualTo("bad-mail-envelope"); // no recipient domain
        assertThat(problem(new Multipart().field("channel", "EMAIL").field("text", "通知")
                .field("mailFrom", "a b@c.cn").field("mailRecipientDomain", "example.com"))).isEqualTo("bad-mail-envelope");
        assertThat(problem(new Multipart().field("channel", "EMAIL").field("text", "通知")
                .field("mailFrom", "a@b.cn").field("mailRecipientDomain", "exa mple.com"))).isEqualTo("bad-mail-envelope");
        assertThat(problem(new Multipart().field("channel", "EMAIL").field("text", "通知")
                .field("mailFrom", "a@b.cn").field("mailRecipientDomain", "example.com").field("mailRef", "x;drop"))).isEqualTo("bad-mail-envelope");
        assertThat(problem(new Multipart().field("channel", "EMAIL").field("text", "通知")
                .field("mailFrom", "a@b.cn").field("mailRecipientDomain", "example.com").field("mailProblem", "fine"))).isEqualTo("bad-mail-envelope");
        assertThat(problem(new Multipart().field("channel", "WEBSITE").field("text", "通知")
                .field("mailFrom", "a@b.cn").field("mailRecipientDomain", "example.com"))).isEqualTo("mail-channel-required");
    }

    @Test
    void aRefusedMessageLeavesAMailRefusedLineWithoutContent() throws Exception {
        HttpResponse<String> r = new Multipart().field("channel", "EMAIL").field("title", "年度审计报告")
                .field("text", "附件请查收。")
                .field("mailFrom", "Zhang.San@office.example.gov.cn")
                .field("mailRecipientDomain", "li.si@Partner.Example.com") // a whole address: only its domain is kept
                .field("mailRecipientDomain", "partner.example.com")
                .field("mailRecipientDomain", "中国政府.政务")
                .field("mailRef", "0123456789abcdef")
                .file("att-1.txt", "机密★5年\n关于审计情况的报告".getBytes(StandardCharsets.UTF_8))
                .post(check.toURI(), "mailgate");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JsonPath.from(r.body()).getString("verdict")).isEqualTo("BLOCK");
        JsonPath line = lastLine();
        assertThat(line.getString("action")).isEqualTo("MAIL_REFUSED");
        assertThat(line.getString("actor")).isEqualTo("mailgate");
        assertThat(line.getString("subjectType")).isEqualTo("mail");
        assertThat(line.getString("subjectId")).isEqualTo("0123456789abcdef");
        JsonPath d = JsonPath.from(line.getString("details"));
        assertThat(d.getString("sender")).isEqualTo("Zhang.San@office.example.gov.cn");
        assertThat(d.getList("recipientDomains", String.class)).containsExactly("partner.example.com", "中国政府.政务");
        assertThat(d.getList("categories", String.class)).containsExactly("CLASSIFICATION_MARK");
        assertThat(d.getString("channel")).isEqualTo("EMAIL");
        assertThat(line.getString("details")).doesNotContain("机密").doesNotContain("审计").doesNotContain("att-1")
                .doesNotContain("li.si");
    }

    @Test
    void whatTheGateCouldNotHandOverIsABlockFindingEvenWithNothingElseToCheck() throws Exception {
        HttpResponse<String> r = new Multipart().field("channel", "EMAIL")
                .field("mailFrom", "<>").field("mailRecipientDomain", "example.com").field("mailRef", "abc-1")
                .field("mailProblem", "too-large").post(check.toURI(), "mailgate");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonPath answer = JsonPath.from(r.body());
        assertThat(answer.getString("verdict")).isEqualTo("BLOCK");
        assertThat(answer.getString("findings[0].category")).isEqualTo("UNREADABLE");
        assertThat(answer.getString("findings[0].rule")).isEqualTo("mail.too-large");
        assertThat(answer.getString("findings[0].part")).isEqualTo("mail");
        JsonPath line = lastLine();
        assertThat(line.getString("action")).isEqualTo("MAIL_REFUSED");
        JsonPath d = JsonPath.from(line.getString("details"));
        assertThat(d.getString("sender")).isEqualTo("<>");
        assertThat(d.getList("mailProblems", String.class)).containsExactly("too-large");
    }

    @Test
    void aCleanMessageLeavesAMailCheckedLineAndTheMailGatesPlainChecksStayChecks() throws Exception {
        HttpResponse<String> r = new Multipart().field("channel", "EMAIL").field("text", "请于周五下午参加会议。")
                .field("mailFrom", "a@office.example.gov.cn").field("mailRecipientDomain", "example.com")
                .post(check.toURI(), "mailgate");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonPath line = lastLine();
        assertThat(line.getString("action")).isEqualTo("MAIL_CHECKED");
        assertThat(line.getString("subjectId")).isNull();
        r = new Multipart().field("channel", "EMAIL").field("text", "请于周五下午参加会议。").post(check.toURI(), "mailgate");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(lastLine().getString("action")).isEqualTo("CHECK");
    }

    private String problem(Multipart m) throws Exception {
        HttpResponse<String> r = m.post(check.toURI(), "mailgate");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        return JsonPath.from(r.body()).getString("code");
    }

    private static JsonPath lastLine() {
        long length = as("admin").get("/api/v1/audit/verify").then().statusCode(200).extract().jsonPath().getLong("length");
        String lines = as("admin").get("/api/v1/audit/entries?from=" + length).then().statusCode(200).extract().asString();
        return JsonPath.from(lines.strip());
    }
}
