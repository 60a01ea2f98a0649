package cn.disclosure.review.ui;

import cn.disclosure.review.identity.CurrentUser;
import cn.disclosure.review.core.Roles;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** What every page's frame needs about the signed-in person ({@code {inject:ui.…}} in templates). */
@RequestScoped
@Named("ui")
public class UiContext {
    @Inject
    CurrentUser user;

    public String getUsername() {
        return user.username();
    }

    public String getDepartment() {
        return user.department();
    }

    public boolean isSignedIn() {
        return user.username() != null;
    }

    public boolean isReviewer() {
        return user.has(Roles.DEPT_REVIEWER) || user.has(Roles.SECRECY_OFFICE) || user.has(Roles.LEADER);
    }

    public boolean isEditor() {
        return user.has(Roles.EDITOR);
    }

    public boolean isOverseer() {
        return user.has(Roles.ADMIN) || user.has(Roles.SECRECY_OFFICE) || user.has(Roles.LEADER);
    }

    /** Who sees the 整改 items (their own department's, or all of them for the 保密办 and leaders). */
    /** 抽查 (spot checks and department checks): the 保密办, 科室负责人, 分管领导 and administrators. */
    public boolean isSpotChecker() {
        return user.has(Roles.SECRECY_OFFICE) || user.has(Roles.DEPT_REVIEWER) || user.has(Roles.LEADER) || user.has(Roles.ADMIN);
    }

    public boolean isRectificationViewer() {
        return user.has(Roles.SECRECY_OFFICE) || user.has(Roles.LEADER) || user.has(Roles.DEPT_REVIEWER) || user.has(Roles.EDITOR);
    }

    public String getRoleLabel() {
        if (user.has(Roles.ADMIN)) {
            return "系统管理员";
        }
        if (user.has(Roles.SECRECY_OFFICE)) {
            return "保密办";
        }
        if (user.has(Roles.LEADER)) {
            return "分管领导";
        }
        if (user.has(Roles.DEPT_REVIEWER)) {
            return "科室负责人";
        }
        if (user.has(Roles.EDITOR)) {
            return "编辑";
        }
        return "服务账号";
    }

    /** Where a person lands after signing in. */
    String homePath() {
        if (isReviewer()) {
            return "/ui/queue";
        }
        if (isEditor()) {
            return "/ui/drafts";
        }
        if (user.has(Roles.ADMIN)) {
            return "/ui/register";
        }
        return "/ui/audit";
    }
}
