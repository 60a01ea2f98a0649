package cn.disclosure.review.inspect.recognizers;

import cn.disclosure.review.inspect.Category;
import cn.disclosure.review.inspect.Finding;
import cn.disclosure.review.inspect.Inspect;
import cn.disclosure.review.core.Severity;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PersonalDataRecognizersTest {

    /** A valid 18-character ID for the given first 17 digits (computes the GB 11643 check character). */
    static String id(String first17) {
        int[] w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * w[i];
        }
        return first17 + "10X98765432".charAt(sum % 11);
    }


    private static void assertOne(List<Finding> found, String text, String matched, Severity severity) {
        assertThat(found).as(text).hasSize(1);
        Finding f = found.get(0);
        assertThat(f.matched()).isEqualTo(matched);
        assertThat(text.substring(f.start(), f.end())).isEqualTo(matched);
        assertThat(f.category()).isEqualTo(Category.PERSONAL_INFO);
        assertThat(f.severity()).isEqualTo(severity);
    }

    @Nested
    class IdCards {
        private final IdCardRecognizer ids = new IdCardRecognizer();

        @Test
        void validNumbersSolidGroupedAndWithX() {
            String text = "经审核，张某（身份证号：330106198805170426）符合补贴条件。";
            assertOne(Inspect.with(ids, text), text, "330106198805170426", Severity.BLOCK);
            text = "身份证 11010519491231002X，李某";
            assertOne(Inspect.with(ids, text), text, "11010519491231002X", Severity.BLOCK);
            text = "证件号码：11010519491231002x。";
            assertOne(Inspect.with(ids, text), text, "11010519491231002x", Severity.BLOCK);
            text = "号码 330106 19880517 0426 已登记";
            assertOne(Inspect.with(ids, text), text, "330106 19880517 0426", Severity.BLOCK);
            text = "身份证号码：３３０１０６１９８８０５１７０４２６";
            assertOne(Inspect.with(ids, text), text, "３３０１０６１９８８０５１７０４２６", Severity.BLOCK);
            text = "身份证号码：110105491231002";
            assertOne(Inspect.with(ids, text), text, "110105491231002", Severity.BLOCK);
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "订单编号 330106198805170420 已受理。",
                "公示名单：张某，身份证号 330106********0426，补贴金额 3000 元。",
                "身份证号 110105********002X",
                "编号 1330106198805170426 为19位",
                "编号 3301061988051704261 为19位",
                "序列号 A330106198805170426",
                "流水号 110105491231002",
        })
        void notIds(String text) {
            assertThat(Inspect.with(ids, text)).as(text).isEmpty();
        }

        @Test
        void impossibleBirthDatesAndRegionsFailEvenWithAValidCheckCharacter() {
            assertThat(Inspect.with(ids, "号 " + id("33010619881317042") + " 止")).isEmpty(); // month 13
            assertThat(Inspect.with(ids, "号 " + id("33010619880230042") + " 止")).isEmpty(); // 30 February
            assertThat(Inspect.with(ids, "号 " + id("33010629880517042") + " 止")).isEmpty(); // year 2988
            assertThat(Inspect.with(ids, "号 " + id("99010619880517042") + " 止")).isEmpty(); // region 99
            assertThat(Inspect.with(ids, "号 " + id("33010620000229042") + " 止")).hasSize(1); // leap day
        }
    }

    @Nested
    class BankCards {
        private final BankCardRecognizer cards = new BankCardRecognizer();

        @Test
        void unionPayNumbersAndNumbersNextToAccountWords() {
            String text = "退款将打入账户 6217007624224486765，请注意查收。";
            assertOne(Inspect.with(cards, text), text, "6217007624224486765", Severity.BLOCK);
            text = "卡号：6217 0076 2422 4486 765";
            assertOne(Inspect.with(cards, text), text, "6217 0076 2422 4486 765", Severity.BLOCK);
            // published UnionPay test numbers (card networks' and payment processors' test cards)
            for (String unionPay : List.of("6200000000000005", "6205500000000000004")) {
                text = "请转至 " + unionPay + " 即可";
                assertOne(Inspect.with(cards, text), text, unionPay, Severity.BLOCK);
            }
            // the same test number with its check digit changed: not Luhn-valid, still a card next to an account word
            String failsLuhn = "6200000000000006";
            text = "收款账号：" + failsLuhn;
            assertOne(Inspect.with(cards, text), text, failsLuhn, Severity.BLOCK);
        }

        /** Published test card numbers, not numbers made by the code under test. */
        @Test
        void luhnAgreesWithPublishedTestNumbers() {
            for (String valid : List.of("4111111111111111", "5555555555554444", "378282246310005", "6200000000000005",
                    "6205500000000000004")) {
                assertThat(BankCardRecognizer.luhn(valid)).as(valid).isTrue();
            }
            for (String invalid : List.of("4111111111111112", "5555555555554443", "6200000000000006", "6205500000000000005")) {
                assertThat(BankCardRecognizer.luhn(invalid)).as(invalid).isFalse();
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "订单编号 4512345678901234 已发货",
                "卡号 6217********6765",
                "账号 6217 **** **** 6765",
                "编号 330106198805170420 已受理",
                "合同号 62170076242244867651234",
        })
        void notCards(String text) {
            assertThat(Inspect.with(cards, text)).as(text).isEmpty();
        }
    }

    @Nested
    class Mobiles {
        private final MobileRecognizer mobiles = new MobileRecognizer();

        @Test
        void mobileNumbersInTheUsualShapes() {
            String text = "联系人：王先生，手机 13905718888。";
            assertOne(Inspect.with(mobiles, text), text, "13905718888", Severity.WARN);
            text = "电话 139 0571 8888";
            assertOne(Inspect.with(mobiles, text), text, "139 0571 8888", Severity.WARN);
            text = "电话 139-0571-8888";
            assertOne(Inspect.with(mobiles, text), text, "139-0571-8888", Severity.WARN);
            text = "电话 +86 139 0571 8888";
            assertOne(Inspect.with(mobiles, text), text, "139 0571 8888", Severity.WARN);
            text = "电话 +8613905718888";
            assertOne(Inspect.with(mobiles, text), text, "8613905718888", Severity.WARN);
            text = "手机：１３９０５７１８８８８";
            assertOne(Inspect.with(mobiles, text), text, "１３９０５７１８８８８", Severity.WARN);
            assertThat(Inspect.with(mobiles, "13905718888、13905718889")).hasSize(2);
            assertThat(Inspect.with(mobiles, "0571-87001234 13905718888")).hasSize(1);
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "咨询电话：0571-87001234（工作日 9:00-17:00）",
                "联系电话 138****5678",
                "联系电话 138xxxx5678",
                "编号 1390571888812345",
                "订单号 A13905718888",
                "号码 12905718888",
                "服务热线 12345，投诉电话 96345",
                "统计数据 20231231000",
        })
        void notMobiles(String text) {
            assertThat(Inspect.with(mobiles, text)).as(text).isEmpty();
        }
    }
}
