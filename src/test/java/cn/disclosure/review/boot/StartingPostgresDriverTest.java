package cn.disclosure.review.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import cn.disclosure.review.support.EmbeddedPostgresResource;

/**
 * The datasource's driver while the embedded PostgreSQL starts beside Quarkus' boot: a connection
 * waits for the start and then reaches the real database; a start that failed fails the connection
 * with the start's reason; with nothing pending (an external database) it is PostgreSQL's driver.
 */
class StartingPostgresDriverTest {

    private final StartingPostgresDriver driver = new StartingPostgresDriver();

    @AfterEach
    void nothingPending() {
        StartingPostgresDriver.connectAfter(CompletableFuture.completedFuture(null));
    }

    private static Properties application() {
        EmbeddedDatabase.Login login = EmbeddedPostgresResource.running().application();
        Properties p = new Properties();
        p.setProperty("user", login.username());
        p.setProperty("password", login.password());
        return p;
    }

    @Test
    void aConnectionWaitsForTheStartThenReachesTheDatabase() throws Exception {
        String url = EmbeddedPostgresResource.jdbcUrl();
        Properties login = application();
        CompletableFuture<Void> start = new CompletableFuture<>();
        StartingPostgresDriver.connectAfter(start);

        CompletableFuture<Integer> connected = CompletableFuture.supplyAsync(() -> {
            try (Connection c = driver.connect(url, login); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 1")) {
                rs.next();
                return rs.getInt(1);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        assertThat(connected).as("no connection before the database has started").isNotDone();

        start.complete(null);
        assertThat(connected.get(30, TimeUnit.SECONDS)).isOne();
    }

    @Test
    void aFailedStartFailsTheConnectionWithItsReason() {
        StartingPostgresDriver.connectAfter(CompletableFuture.failedFuture(new IllegalStateException("数据目录正由另一个服务进程使用")));

        assertThatThrownBy(() -> driver.connect(EmbeddedPostgresResource.jdbcUrl(), application()))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("08001");
                    assertThat(e.getMessage()).contains("内置 PostgreSQL 未能启动").contains("数据目录正由另一个服务进程使用");
                });
    }

    @Test
    void withNothingPendingItIsPostgresqlsDriverAndOtherUrlsAreNotItsOwn() throws Exception {
        try (Connection c = driver.connect(EmbeddedPostgresResource.jdbcUrl(), application())) {
            assertThat(c.isValid(5)).isTrue();
        }
        // java.sql.Driver's contract: a URL of another kind gives null, whatever is pending
        StartingPostgresDriver.connectAfter(new CompletableFuture<>());
        assertThat(driver.connect("jdbc:mysql://127.0.0.1/x", new Properties())).isNull();
        assertThat(driver.acceptsURL("jdbc:postgresql://127.0.0.1/x")).isTrue();
    }
}
