/*
 * Offline verification of an audit checkpoint of the 信息公开保密审查服务 — JDK 11+ only, no libraries:
 *
 *   java deploy/audit/AuditVerify.java --public-key audit-public.pem --checkpoint checkpoint.json \
 *        [--public-key old-public.pem ...] [--entries entries.jsonl ...]
 *
 * --public-key  an Ed25519 public key (PEM "BEGIN PUBLIC KEY", or base64 of the DER) the checkpoint
 *               may be signed with; repeat for keys used before a rotation. Obtain them from the
 *               operator through a channel you trust, not from the system being checked.
 * --checkpoint  a checkpoint as GET /api/v1/audit/checkpoints/latest returns it (or a line of the
 *               checkpoint file).
 * --entries     the audit entries as GET /api/v1/audit/entries exports them (JSON Lines, from seq 1);
 *               several files are read in the order given (the pages of the export).
 *
 * Checks: the checkpoint's key id belongs to one of the keys and its Ed25519 signature over the
 * documented text is valid; with --entries, the hash chain is recomputed from the first entry,
 * every link and every hash must check out, and the entry at the checkpoint's seq must have the
 * signed hash. Exit status 0 = verified, 1 = verification failed, 2 = wrong usage or unreadable input.
 */

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

public class AuditVerify {
    static final String FORMAT = "secrecy-review/audit-checkpoint/v1";
    static final String GENESIS = "0".repeat(64);
    static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    static final Pattern TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z");
    static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    /** Verification failed (exit 1). */
    static final class Failed extends Exception {
        Failed(String message) {
            super(message);
        }
    }

    /** Wrong usage or unreadable input (exit 2). */
    static final class Unusable extends Exception {
        Unusable(String message) {
            super(message);
        }
    }

    public static void main(String[] args) {
        try {
            run(args);
            System.exit(0);
        } catch (Failed e) {
            System.out.println("核验失败：" + e.getMessage());
            System.exit(1);
        } catch (Unusable e) {
            System.err.println("无法核验：" + e.getMessage());
            System.err.println("用法：java AuditVerify.java --public-key 公钥.pem [--public-key 旧公钥.pem …] --checkpoint 检查点.json [--entries 审计记录.jsonl …]");
            System.exit(2);
        }
    }

    static void run(String[] args) throws Failed, Unusable {
        List<Path> keyFiles = new ArrayList<>();
        List<Path> entryFiles = new ArrayList<>();
        Path checkpointFile = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                throw new Unusable("参数 " + a + " 缺少值");
            }
            Path value = Path.of(args[++i]);
            switch (a) {
                case "--public-key": keyFiles.add(value); break;
                case "--checkpoint":
                    if (checkpointFile != null) {
                        throw new Unusable("只能给出一个 --checkpoint");
                    }
                    checkpointFile = value;
                    break;
                case "--entries": entryFiles.add(value); break;
                default: throw new Unusable("未知参数 " + a);
            }
        }
        if (keyFiles.isEmpty() || checkpointFile == null) {
            throw new Unusable("须给出 --public-key 和 --checkpoint");
        }
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        for (Path p : keyFiles) {
            PublicKey k = publicKey(read(p), p);
            keys.put(keyId(k), k);
        }
        Map<String, Object> cp = Json.object(read(checkpointFile).strip(), checkpointFile.toString());
        String format = string(cp, "format");
        long seq = number(cp, "seq");
        String hash = string(cp, "hash");
        String entryAt = string(cp, "entryAt");
        String createdAt = string(cp, "createdAt");
        String keyId = string(cp, "keyId");
        String signature = string(cp, "signature");
        if (!FORMAT.equals(format)) {
            throw new Failed("检查点格式不是 " + FORMAT);
        }
        if (seq < 1 || !HEX64.matcher(hash).matches() || !TIME.matcher(entryAt).matches()
                || !TIME.matcher(createdAt).matches() || !KEY_ID.matcher(keyId).matches()) {
            throw new Failed("检查点字段格式无效");
        }
        PublicKey key = keys.get(keyId);
        if (key == null) {
            throw new Failed("检查点由密钥 " + keyId + " 签名，不是给出的公钥（给出的为 " + String.join("、", keys.keySet()) + "）");
        }
        String signed = FORMAT + "\n" + "seq=" + seq + "\n" + "hash=" + hash + "\n" + "entry-at=" + entryAt + "\n"
                + "created-at=" + createdAt + "\n" + "key-id=" + keyId + "\n";
        if (!verifySignature(key, signed, signature)) {
            throw new Failed("检查点签名无效（检查点被改动，或不是用该密钥签发的）");
        }
        System.out.println("检查点签名有效：第 " + seq + " 条记录，哈希 " + hash + "，记录时间 " + entryAt
                + "，签发于 " + createdAt + "，密钥 " + keyId);
        if (entryFiles.isEmpty()) {
            return;
        }
        verifyEntries(entryFiles, seq, hash, entryAt);
    }

    static void verifyEntries(List<Path> files, long cpSeq, String cpHash, String cpEntryAt) throws Failed, Unusable {
        String prev = GENESIS;
        long expected = 1;
        for (Path f : files) {
            String[] lines = read(f).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.isEmpty()) {
                    continue;
                }
                String where = f + " 第 " + (i + 1) + " 行";
                Map<String, Object> e = Json.object(line, where);
                long seq = number(e, "seq");
                if (seq != expected) {
                    throw new Failed(where + "：应为第 " + expected + " 条记录，实为第 " + seq + " 条（记录缺失或顺序不对）");
                }
                String prevHash = string(e, "prevHash");
                String hash = string(e, "hash");
                if (!prevHash.equals(prev)) {
                    throw new Failed("第 " + seq + " 条记录与上一条记录的链接不符");
                }
                String canonical = String.join("\u001f", Long.toString(seq), string(e, "at"), orEmpty(e, "actor"),
                        string(e, "action"), orEmpty(e, "subjectType"), orEmpty(e, "subjectId"), string(e, "details"), prevHash);
                if (!sha256(canonical).equals(hash)) {
                    throw new Failed("第 " + seq + " 条记录内容被修改（哈希不符）");
                }
                if (seq == cpSeq) {
                    if (!hash.equals(cpHash)) {
                        throw new Failed("第 " + seq + " 条记录的哈希与签名检查点不符");
                    }
                    if (!sameInstant(string(e, "at"), cpEntryAt)) {
                        throw new Failed("第 " + seq + " 条记录的时间与签名检查点不符");
                    }
                }
                prev = hash;
                expected++;
            }
        }
        long count = expected - 1;
        if (count < cpSeq) {
            throw new Failed("审计记录只到第 " + count + " 条，签名检查点记录到第 " + cpSeq + " 条（尾部缺失）");
        }
        System.out.println("哈希链完整：第 1 至 " + count + " 条记录逐条核验无误，签名检查点覆盖到第 " + cpSeq + " 条"
                + (count > cpSeq ? "（其后 " + (count - cpSeq) + " 条链接完整，但不在本检查点的签名范围内）" : ""));
    }

    static boolean verifySignature(PublicKey key, String text, String signature) throws Failed {
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            throw new Failed("检查点签名不是有效的 base64");
        }
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(text.getBytes(StandardCharsets.UTF_8));
            return s.verify(sig);
        } catch (java.security.SignatureException e) {
            return false;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static PublicKey publicKey(String text, Path from) throws Unusable {
        String t = text.strip();
        if (t.startsWith("-----BEGIN PUBLIC KEY-----")) {
            int end = t.indexOf("-----END PUBLIC KEY-----");
            if (end < 0) {
                throw new Unusable(from + " 不是完整的 PEM 公钥");
            }
            t = t.substring("-----BEGIN PUBLIC KEY-----".length(), end);
        }
        try {
            byte[] der = Base64.getDecoder().decode(t.replaceAll("\\s+", ""));
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (IllegalArgumentException | java.security.GeneralSecurityException e) {
            throw new Unusable(from + " 不是 Ed25519 公钥");
        }
    }

    /** The service's key id: "ed25519:" + first 16 hex digits of SHA-256 over the DER public key. */
    static String keyId(PublicKey k) {
        return "ed25519:" + hex(digest(k.getEncoded())).substring(0, 16);
    }

    static boolean sameInstant(String a, String b) {
        try {
            return OffsetDateTime.parse(a).toInstant().equals(OffsetDateTime.parse(b).toInstant());
        } catch (RuntimeException e) {
            return false;
        }
    }

    static String sha256(String s) {
        return hex(digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] digest(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length * 2);
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
        }
        return sb.toString();
    }

    static String read(Path p) throws Unusable {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Unusable(p + " 无法读取（" + e.getClass().getSimpleName() + "）");
        }
    }

    static String string(Map<String, Object> o, String name) throws Failed {
        Object v = o.get(name);
        if (!(v instanceof String)) {
            throw new Failed("缺少字段 " + name + " 或其不是字符串");
        }
        return (String) v;
    }

    static String orEmpty(Map<String, Object> o, String name) throws Failed {
        Object v = o.get(name);
        if (v == null) {
            return "";
        }
        if (!(v instanceof String)) {
            throw new Failed("字段 " + name + " 不是字符串");
        }
        return (String) v;
    }

    static long number(Map<String, Object> o, String name) throws Failed {
        Object v = o.get(name);
        if (!(v instanceof Long)) {
            throw new Failed("缺少字段 " + name + " 或其不是整数");
        }
        return (Long) v;
    }

    /** A strict reader for one flat JSON object: string, integer, true/false/null values. */
    static final class Json {
        private final String s;
        private final String where;
        private int i;

        private Json(String s, String where) {
            this.s = s;
            this.where = where;
        }

        static Map<String, Object> object(String text, String where) throws Unusable {
            Json j = new Json(text, where);
            Map<String, Object> o = j.readObject();
            j.space();
            if (j.i != j.s.length()) {
                throw j.error("对象之后还有内容");
            }
            return o;
        }

        private Map<String, Object> readObject() throws Unusable {
            space();
            expect('{');
            Map<String, Object> o = new LinkedHashMap<>();
            space();
            if (peek() == '}') {
                i++;
                return o;
            }
            while (true) {
                space();
                String name = readString();
                space();
                expect(':');
                space();
                Object value = readValue();
                if (o.put(name, value) != null) {
                    throw error("字段 " + name + " 重复");
                }
                space();
                char c = next();
                if (c == '}') {
                    return o;
                }
                if (c != ',') {
                    throw error("应为 , 或 }");
                }
            }
        }

        private Object readValue() throws Unusable {
            char c = peek();
            if (c == '"') {
                return readString();
            }
            if (c == '-' || (c >= '0' && c <= '9')) {
                int start = i;
                if (c == '-') {
                    i++;
                }
                while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                    i++;
                }
                if (i < s.length() && (s.charAt(i) == '.' || s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                    throw error("只接受整数");
                }
                try {
                    return Long.parseLong(s.substring(start, i));
                } catch (NumberFormatException e) {
                    throw error("整数无效");
                }
            }
            for (String word : new String[]{"null", "true", "false"}) {
                if (s.startsWith(word, i)) {
                    i += word.length();
                    return word.equals("null") ? null : Boolean.valueOf(word);
                }
            }
            throw error("不支持的值（检查点与审计记录只含字符串、整数和 null）");
        }

        private String readString() throws Unusable {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return sb.toString();
                }
                if (c < 0x20) {
                    throw error("字符串中有控制字符");
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"': sb.append('"'); break;
                    case '\\': sb.append('\\'); break;
                    case '/': sb.append('/'); break;
                    case 'b': sb.append('\b'); break;
                    case 'f': sb.append('\f'); break;
                    case 'n': sb.append('\n'); break;
                    case 'r': sb.append('\r'); break;
                    case 't': sb.append('\t'); break;
                    case 'u':
                        if (i + 4 > s.length()) {
                            throw error("\\u 转义不完整");
                        }
                        try {
                            sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error("\\u 转义无效");
                        }
                        i += 4;
                        break;
                    default: throw error("未知转义 \\" + e);
                }
            }
        }

        private void space() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\r' || s.charAt(i) == '\n')) {
                i++;
            }
        }

        private char peek() throws Unusable {
            if (i >= s.length()) {
                throw error("内容意外结束");
            }
            return s.charAt(i);
        }

        private char next() throws Unusable {
            char c = peek();
            i++;
            return c;
        }

        private void expect(char c) throws Unusable {
            if (next() != c) {
                throw error("应为 " + c);
            }
        }

        private Unusable error(String what) {
            return new Unusable(where + " 不是有效的 JSON（位置 " + i + "：" + what + "）");
        }
    }
}
