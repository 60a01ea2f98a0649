package cn.disclosure.review.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import cn.disclosure.review.extract.RapidOcrWorker.Block;

/** The small pieces of the OCR path: line layout, picture forms and fingerprints, the worker's limits. */
class OcrPiecesTest {

    @Test
    void boxesOnOneLineAreJoinedLeftToRightAndLinesGoTopToBottom() {
        String text = RapidOcrWorker.layout(List.of(
                new Block(600, 210, 260, "关于开展审计的通知"),
                new Block(300, 100, 150, "★5年"),
                new Block(100, 104, 148, "机密"),
                new Block(100, 300, 350, " "),
                new Block(100, 400, 450, "附件")));

        assertThat(text).isEqualTo("机密 ★5年\n关于开展审计的通知\n附件\n");
        assertThat(RapidOcrWorker.layout(List.of())).isEmpty();
    }

    @Test
    void aHugePictureIsSubsampledIntoThePixelBudget() {
        assertThat(Pictures.subsampling(2480, 3508, 40_000_000)).isEqualTo(1);
        assertThat(Pictures.subsampling(100_000, 100_000, 40_000_000)).isEqualTo(16);
        assertThat(100_000L / 16 * (100_000L / 16)).isLessThanOrEqualTo(40_000_000);
    }

    @Test
    void theBmpAndPgmFormsHoldThePixelsAndTransparencyIsFlattenedOntoWhite() throws Exception {
        BufferedImage argb = new BufferedImage(5, 3, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(1, 2, Color.RED.getRGB());
        BufferedImage rgb = Pictures.rgb(argb);

        BufferedImage fromBmp = ImageIO.read(new ByteArrayInputStream(Pictures.bmp(rgb)));
        assertThat(fromBmp.getWidth()).isEqualTo(5);
        assertThat(fromBmp.getRGB(1, 2) & 0xFFFFFF).isEqualTo(0xFF0000);
        assertThat(fromBmp.getRGB(0, 0) & 0xFFFFFF).as("transparent became white").isEqualTo(0xFFFFFF);

        byte[] pgm = Pictures.pgm(Pictures.gray(rgb));
        assertThat(new String(pgm, 0, 11, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("P5\n5 3\n255\n");
        assertThat(pgm).hasSize(11 + 15);
    }

    @Test
    void theSamePictureHasTheSameFingerprintHoweverItWasStored() {
        BufferedImage a = TestFiles.picture("机密★5年");
        BufferedImage copy = new BufferedImage(a.getWidth(), a.getHeight(), BufferedImage.TYPE_INT_ARGB);
        copy.getGraphics().drawImage(a, 0, 0, null);

        assertThat(Pictures.fingerprint(Pictures.rgb(copy))).isEqualTo(Pictures.fingerprint(Pictures.rgb(a)));
        assertThat(Pictures.fingerprint(Pictures.rgb(TestFiles.picture("秘密★1年")))).isNotEqualTo(Pictures.fingerprint(Pictures.rgb(a)));
    }

    @Test
    void aRapidOcrWorkerOverItsLimitIsKilledAndTheNextPictureIsReadByANewOne() throws Exception {
        try (OcrEngine engine = OcrEngine.create(Extractors.config().ocr())) {
            assertThat(engine.available()).isTrue();
            BufferedImage picture = Pictures.rgb(TestFiles.picture("关于召开专题会议的通知"));

            assertThatThrownBy(() -> engine.recognize(picture, Duration.ofMillis(1))).isInstanceOf(OcrEngine.TimeoutException.class);
            assertThat(engine.recognize(picture, Duration.ofMinutes(5)).replace(" ", "")).contains("关于召开专题会议的通知");
        }
    }

    @Test
    void anUnknownEngineIsUnavailableNotAnError() {
        try (OcrEngine engine = OcrEngine.create(Extractors.config("ocr.engine", "abbyy").ocr())) {
            assertThat(engine.available()).isFalse();
            assertThat(engine.unavailableReason()).contains("unknown engine");
        }
    }
}
