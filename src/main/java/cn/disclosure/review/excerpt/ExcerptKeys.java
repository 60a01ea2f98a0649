package cn.disclosure.review.excerpt;

import java.util.Base64;

/** The excerpt key as configured: base64 or base64url of at least 32 random bytes. */
final class ExcerptKeys {
    private ExcerptKeys() {
    }

    static byte[] decode(String encoded) {
        if (encoded == null || encoded.isBlank()) {
            throw new IllegalArgumentException("未配置受保护文件指纹密钥（REVIEW_EXCERPT_KEY）");
        }
        String s = encoded.strip();
        byte[] raw;
        try {
            raw = s.contains("-") || s.contains("_") ? Base64.getUrlDecoder().decode(s) : Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("REVIEW_EXCERPT_KEY 须为至少 32 字节随机数的 base64 编码（例如 openssl rand -base64 32 的输出）");
        }
        if (raw.length < 32) {
            throw new IllegalArgumentException("REVIEW_EXCERPT_KEY 须为至少 32 字节随机数的 base64 编码（例如 openssl rand -base64 32 的输出），当前为 "
                    + raw.length + " 字节");
        }
        return raw;
    }
}
