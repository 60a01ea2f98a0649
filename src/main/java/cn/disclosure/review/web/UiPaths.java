package cn.disclosure.review.web;

/** Which request paths belong to the server-rendered web UI (as opposed to the JSON API). */
public final class UiPaths {
    private UiPaths() {
    }

    public static boolean isUi(String path) {
        return path.equals("/") || path.equals("/login") || path.equals("/logout") || path.startsWith("/ui/");
    }
}
