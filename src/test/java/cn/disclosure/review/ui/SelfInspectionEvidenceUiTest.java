package cn.disclosure.review.ui;

import cn.disclosure.review.core.Sha256;
import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/** The 自查自评 page shows and uploads evidence files (简体中文), for the department's 科室负责人. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class SelfInspectionEvidenceUiTest {

    @Test
    void aReviewerUploadsAnEvidenceFileOnTheAnswersPageAndDownloadsIt() {
        int year = LocalDate.now(ZoneId.of("Asia/Shanghai")).getYear();
        String name = "培训通知-" + System.nanoTime() + ".txt";
        byte[] content = "关于开展信息公开保密教育培训的通知（测试）".getBytes(StandardCharsets.UTF_8);
        UiClient reviewer = UiClient.signIn("reviewer");
        Document sheet = reviewer.page("/ui/self-inspection?year=" + year);
        Element form = sheet.selectFirst("form#evidence-TRAINING");
        assertThat(form).as("upload form of TRAINING").isNotNull();
        assertThat(form.attr("enctype")).isEqualTo("multipart/form-data");
        assertThat(sheet.select("button#upload-TRAINING").text()).isEqualTo("上传佐证文件");
        assertThat(sheet.select("#evidence-hint").text()).contains("不超过 20 MB").contains("只有本部门和保密办可以下载");
        assertThat(sheet.select("form#evidence-APPROVAL_COMPLETE")).as("no upload for items the service evaluates").isEmpty();
        String token = form.selectFirst("input[name=_csrf]").attr("value");

        // without the form's token: refused
        reviewer.multipart("year", String.valueOf(year), "department", "办公室", "item", "TRAINING")
                .multiPart(UiClient.file("file", name, content, "text/plain")).post("/ui/self-inspection/evidence")
                .then().statusCode(403);
        Response saved = reviewer.multipart("_csrf", token, "year", String.valueOf(year), "department", "办公室", "item", "TRAINING")
                .multiPart(UiClient.file("file", name, content, "text/plain")).post("/ui/self-inspection/evidence");
        assertThat(saved.statusCode()).isEqualTo(303);
        Document after = reviewer.page("/ui/self-inspection?year=" + year + "&done=uploaded");
        assertThat(after.select("#flash").text()).isEqualTo("已上传佐证文件。");
        Element link = after.select("tr[data-item=TRAINING] .evidence-file a").stream().filter(a -> a.text().equals(name))
                .findFirst().orElse(null);
        assertThat(link).as("the file is listed with a download link").isNotNull();
        assertThat(after.select("tr[data-item=TRAINING] .evidence-file").text()).contains(Sha256.hex(content));
        Response download = reviewer.getLink(link.attr("href"));
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.asByteArray()).isEqualTo(content);

        // a wrong type is refused on the page, in Chinese
        Response refused = reviewer.multipart("_csrf", token, "year", String.valueOf(year), "department", "办公室", "item", "TRAINING")
                .multiPart(UiClient.file("file", "程序.exe", content, "application/octet-stream")).post("/ui/self-inspection/evidence");
        assertThat(refused.statusCode()).isEqualTo(415);
        assertThat(UiClient.parse(refused).select("#error").text()).contains("不支持的佐证文件类型");
        // another department's sheet is refused
        reviewer.multipart("_csrf", token, "year", String.valueOf(year), "department", "别的科室", "item", "TRAINING")
                .multiPart(UiClient.file("file", name, content, "text/plain")).post("/ui/self-inspection/evidence")
                .then().statusCode(403);

        // the leader sees the name and hash, without a download link
        Document leader = UiClient.signIn("leader").page("/ui/self-inspection?year=" + year + "&department=办公室");
        assertThat(leader.select("tr[data-item=TRAINING] .evidence-file").text()).contains(name);
        assertThat(leader.select("tr[data-item=TRAINING] .evidence-file a")).isEmpty();
        assertThat(leader.select("form#evidence-TRAINING")).isEmpty();
    }
}
