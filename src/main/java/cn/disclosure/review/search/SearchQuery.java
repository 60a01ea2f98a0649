package cn.disclosure.review.search;

import cn.disclosure.review.web.ProblemException;

import java.util.ArrayList;
import java.util.List;

/**
 * The search syntax of the register: words and "quoted phrases" (also “…” and 「…」), each an exact
 * substring search; terms side by side or joined by {@code AND} must all occur; {@code OR} offers
 * alternatives and binds tighter than {@code AND} ({@code 甲 乙 OR 丙} = 甲 and (乙 or 丙));
 * {@code -term} or {@code NOT term} excludes; parentheses group. Nothing else is syntax: no
 * fields, wildcards, fuzzy or regular expressions, so no query can be expensive by construction.
 */
final class SearchQuery {
    static final int MAX_LENGTH = 500;
    static final int MAX_TERMS = 32;
    static final int MAX_DEPTH = 8;

    sealed interface Node permits Word, Not, And, Or {
    }

    /** A word or a phrase: the text must occur as it stands (after normalisation). */
    record Word(String text) implements Node {
    }

    record Not(Node node) implements Node {
    }

    record And(List<Node> nodes) implements Node {
    }

    record Or(List<Node> nodes) implements Node {
    }

    private enum Kind { WORD, AND, OR, NOT, OPEN, CLOSE }

    private record Token(Kind kind, String text) {
    }

    private final List<Token> tokens;
    private int at;
    private int words;

    private SearchQuery(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** The parsed query, or null when {@code q} holds no term. */
    static Node parse(String q) {
        if (q == null || q.isBlank()) {
            return null;
        }
        if (q.length() > MAX_LENGTH) {
            throw ProblemException.badRequest("query-too-long", "检索式不能超过 " + MAX_LENGTH + " 个字符");
        }
        SearchQuery p = new SearchQuery(tokenize(q));
        if (p.tokens.isEmpty()) {
            return null;
        }
        Node n = p.and(0);
        if (p.at < p.tokens.size()) {
            throw ProblemException.badRequest("query-invalid", "检索式无效：多余的右括号");
        }
        return n;
    }

    private static List<Token> tokenize(String q) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = q.length();
        while (i < n) {
            char c = q.charAt(i);
            if (Character.isWhitespace(c) || c == '\u3000') {
                i++;
            } else if (c == '"' || c == '“' || c == '”' || c == '「') {
                char close = c == '「' ? '」' : c == '"' ? '"' : '”';
                int end = i + 1;
                while (end < n && q.charAt(end) != close && !(close == '”' && q.charAt(end) == '"')) {
                    end++;
                }
                out.add(new Token(Kind.WORD, q.substring(i + 1, end)));
                i = end + 1;
            } else if (c == '(' || c == '（') {
                out.add(new Token(Kind.OPEN, null));
                i++;
            } else if (c == ')' || c == '）') {
                out.add(new Token(Kind.CLOSE, null));
                i++;
            } else if ((c == '-' || c == '－') && (out.isEmpty() || i == 0 || boundary(q.charAt(i - 1))) && i + 1 < n
                    && !Character.isWhitespace(q.charAt(i + 1))) {
                out.add(new Token(Kind.NOT, null));
                i++;
            } else {
                int end = i;
                while (end < n && !Character.isWhitespace(q.charAt(end)) && "\"“”「()（）\u3000".indexOf(q.charAt(end)) < 0) {
                    end++;
                }
                String w = q.substring(i, end);
                switch (w) {
                    case "AND", "&&" -> out.add(new Token(Kind.AND, null));
                    case "OR", "||" -> out.add(new Token(Kind.OR, null));
                    case "NOT" -> out.add(new Token(Kind.NOT, null));
                    default -> out.add(new Token(Kind.WORD, w));
                }
                i = end;
            }
        }
        return out;
    }

    private static boolean boundary(char c) {
        return Character.isWhitespace(c) || c == '(' || c == '（' || c == '\u3000';
    }

    private Token peek() {
        return at < tokens.size() ? tokens.get(at) : null;
    }

    private Node and(int depth) {
        List<Node> nodes = new ArrayList<>();
        while (peek() != null && peek().kind() != Kind.CLOSE) {
            if (peek().kind() == Kind.AND) {
                at++;
                continue;
            }
            nodes.add(or(depth));
        }
        if (nodes.isEmpty()) {
            throw ProblemException.badRequest("query-invalid", "检索式无效：括号中没有检索词");
        }
        return nodes.size() == 1 ? nodes.get(0) : new And(nodes);
    }

    private Node or(int depth) {
        List<Node> nodes = new ArrayList<>();
        nodes.add(unary(depth));
        while (peek() != null && peek().kind() == Kind.OR) {
            at++;
            if (peek() == null || peek().kind() == Kind.CLOSE || peek().kind() == Kind.OR || peek().kind() == Kind.AND) {
                throw ProblemException.badRequest("query-invalid", "检索式无效：OR 后面缺少检索词");
            }
            nodes.add(unary(depth));
        }
        return nodes.size() == 1 ? nodes.get(0) : new Or(nodes);
    }

    private Node unary(int depth) {
        Token t = peek();
        if (t == null) {
            throw ProblemException.badRequest("query-invalid", "检索式无效：缺少检索词");
        }
        at++;
        switch (t.kind()) {
            case NOT -> {
                return new Not(unary(depth));
            }
            case OPEN -> {
                if (depth + 1 > MAX_DEPTH) {
                    throw ProblemException.badRequest("query-invalid", "检索式无效：括号嵌套过深");
                }
                Node inner = and(depth + 1);
                if (peek() == null || peek().kind() != Kind.CLOSE) {
                    throw ProblemException.badRequest("query-invalid", "检索式无效：缺少右括号");
                }
                at++;
                return inner;
            }
            case WORD -> {
                if (++words > MAX_TERMS) {
                    throw ProblemException.badRequest("query-too-long", "检索式最多 " + MAX_TERMS + " 个检索词");
                }
                return new Word(t.text());
            }
            default -> throw ProblemException.badRequest("query-invalid", "检索式无效：" + (t.kind() == Kind.OR ? "OR" : "AND")
                    + " 前面缺少检索词");
        }
    }
}
