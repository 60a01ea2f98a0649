package cn.disclosure.review.content;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InlineStyleTest {

    @Test
    void oneSpellingPerStyle() {
        assertThat(InlineStyle.canonical(" TEXT-ALIGN :center;;  color:  #333 ")).isEqualTo("text-align: center; color: #333");
    }

    @Test
    void hidingStylesAreRecognised() {
        assertThat(InlineStyle.hides("display: none")).isTrue();
        assertThat(InlineStyle.hides("font-size:0px")).isTrue();
        assertThat(InlineStyle.hides("position:absolute;left:-9999px")).isTrue();
        assertThat(InlineStyle.hides("height:0;overflow:hidden")).isTrue();
        assertThat(InlineStyle.hides("text-indent:2em")).isFalse();
        assertThat(InlineStyle.hides("color:red")).isFalse();
    }

    @Test
    void contentStringsAreTheTextCssAdds() {
        assertThat(InlineStyle.contentStrings("p::before{content:\"机密★5年\"} a:after { content: '\\5185\\90E8' }"))
                .containsExactly("机密★5年", "内部");
        assertThat(InlineStyle.contentStrings("p{color:red}")).isEmpty();
    }

    @Test
    void resourceLoadsAreRecognised() {
        assertThat(InlineStyle.loadsResources("background: URL( x.png )")).isTrue();
        assertThat(InlineStyle.loadsResources("width: expression(alert(1))")).isTrue();
        assertThat(InlineStyle.loadsResources("color: red")).isFalse();
    }
}
