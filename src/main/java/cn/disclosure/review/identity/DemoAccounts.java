package cn.disclosure.review.identity;

import cn.disclosure.review.core.Roles;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Out of the box the service has one account per role (see README). They are created on the
 * first start when {@code review.demo-accounts=true} (every profile but prod); with it false
 * (the prod profile) the service refuses to start while any demo account still exists.
 */
@ApplicationScoped
public class DemoAccounts {
    private static final Logger LOG = Logger.getLogger(DemoAccounts.class);

    record Demo(String username, String roles, String department, String displayName) {
    }

    static final List<Demo> DEMOS = List.of(
            new Demo("admin", Roles.ADMIN, null, "系统管理员"),
            new Demo("cms", Roles.CMS, null, "网站内容管理系统"),
            new Demo("editor", Roles.EDITOR, "办公室", "办公室编辑"),
            new Demo("reviewer", Roles.DEPT_REVIEWER, "办公室", "办公室科室负责人"),
            new Demo("office", Roles.SECRECY_OFFICE, null, "保密办审查员"),
            new Demo("leader", Roles.LEADER, null, "分管领导"),
            new Demo("mailgate", Roles.MAIL_GATE, null, "邮件保密审查网关"));

    @ConfigProperty(name = "review.demo-accounts", defaultValue = "true")
    boolean seedDemoAccounts;

    @Transactional
    void onStart(@Observes StartupEvent ev) {
        if (seedDemoAccounts) {
            seed();
        } else {
            refuseDemoAccountsInProduction();
        }
    }

    static void refuseDemoAccountsInProduction() {
        long demos = Account.count("demo", true);
        if (demos > 0) {
            throw new IllegalStateException("生产环境存在 " + demos + " 个演示账号（admin/cms/editor/reviewer/office/leader/mailgate），"
                    + "请先删除或更换为正式账号后再启动");
        }
    }

    static void seed() {
        for (Demo d : DEMOS) {
            if (Account.findByUsername(d.username()).isEmpty()) {
                Account a = new Account();
                a.username = d.username();
                a.passwordHash = AccountService.hash(d.username());
                a.roles = d.roles();
                a.department = d.department();
                a.displayName = d.displayName();
                a.demo = true;
                a.persist();
                LOG.infof("已创建演示账号 %s", d.username());
            }
        }
    }
}
