package cn.disclosure.review.web;

import org.hibernate.exception.GenericJDBCException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures count as a database outage, and when a volume is too full — without a database or a disk. */
class OutageAndVolumeRulesTest {

    @Test
    void connectionFailuresAnywhereInTheChainAreAnOutage() {
        assertThat(DatabaseOutage.isOutage(new JDBCConnectionException("x", new SQLException("gone", "08006")))).isTrue();
        assertThat(DatabaseOutage.isOutage(new jakarta.persistence.PersistenceException(
                new GenericJDBCException("Unable to acquire JDBC Connection", new SQLException("Sorry, acquisition timeout!"))))).isTrue();
        assertThat(DatabaseOutage.isOutage(new RuntimeException(new SQLException("refused", "08001")))).isTrue();
        assertThat(DatabaseOutage.isOutage(new RuntimeException(new SQLException("terminating connection due to administrator command", "57P01")))).isTrue();
        assertThat(DatabaseOutage.isOutage(new RuntimeException(new SQLException("the database system is starting up", "57P03")))).isTrue();
        assertThat(DatabaseOutage.isOutage(new IllegalStateException(new SQLTransientConnectionException("pool")))).isTrue();
        assertThat(DatabaseOutage.isOutage(new RuntimeException(new ConnectException("Connection refused")))).isTrue();
        // the connection died during commit: Narayana reports a heuristic outcome without the SQLException
        assertThat(DatabaseOutage.isOutage(new io.quarkus.arc.ArcUndeclaredThrowableException(new jakarta.transaction.HeuristicMixedException()))).isTrue();
        assertThat(DatabaseOutage.isOutage(new RuntimeException(new javax.transaction.xa.XAException(javax.transaction.xa.XAException.XA_HEURHAZ)))).isTrue();
    }

    @Test
    void readinessIsDownAtOnceWhileRequestsFindTheDatabaseUnreachable() {
        DatabaseOutage.forgetIncident();
        try {
            assertThat(new DatabaseOutageHealthCheck().call().getStatus().name()).isEqualTo("UP");
            DatabaseOutage.report(new RuntimeException(new SQLException("refused", "08001")));
            assertThat(new DatabaseOutageHealthCheck().call().getStatus().name()).isEqualTo("DOWN");
            // the pool opened a new connection: the database is back
            new DatabaseRecovery().onConnectionCreate(null);
            assertThat(new DatabaseOutageHealthCheck().call().getStatus().name()).isEqualTo("UP");
            // failing again after that recovery
            DatabaseOutage.report(new RuntimeException(new SQLException("refused", "08001")));
            assertThat(new DatabaseOutageHealthCheck().call().getStatus().name()).isEqualTo("DOWN");
            // a database error that is not an outage is no reason to take the instance out
            DatabaseOutage.forgetIncident();
            ServiceFaults.report(new RuntimeException(new SQLException("duplicate key", "23505")));
            assertThat(new DatabaseOutageHealthCheck().call().getStatus().name()).isEqualTo("UP");
        } finally {
            DatabaseOutage.forgetIncident();
        }
    }

    @Test
    void otherDatabaseErrorsAreNot() {
        assertThat(DatabaseOutage.isOutage(new RuntimeException(new SQLException("duplicate key", "23505")))).isFalse();
        assertThat(DatabaseOutage.isOutage(new RuntimeException(new SQLException("value too long", "22001")))).isFalse();
        assertThat(DatabaseOutage.isOutage(new RuntimeException(new SQLException("no state")))).isFalse();
        assertThat(DatabaseOutage.isOutage(new IllegalArgumentException("x"))).isFalse();
        assertThat(DatabaseOutage.isOutage(null)).isFalse();
        Throwable loop = new RuntimeException("loop") {
            @Override
            public synchronized Throwable getCause() {
                return this;
            }
        };
        assertThat(DatabaseOutage.isOutage(loop)).isFalse();
    }

    @Test
    void aVolumeIsFullBelowEitherThreshold() {
        long gb = 1024L * 1024 * 1024;
        assertThat(DataVolumeHealthCheck.enough(10 * gb, 100 * gb, gb / 2, 2)).isTrue();
        assertThat(DataVolumeHealthCheck.enough(gb / 4, 100 * gb, gb / 2, 0)).as("under the byte floor").isFalse();
        assertThat(DataVolumeHealthCheck.enough(gb, 100 * gb, gb / 2, 2)).as("1 % left, 2 % required").isFalse();
        assertThat(DataVolumeHealthCheck.enough(3 * gb, 100 * gb, gb / 2, 2)).isTrue();
        assertThat(DataVolumeHealthCheck.enough(0, 0, 0, 2)).as("a volume that reports no size").isTrue();
        assertThat(DataVolumeHealthCheck.enough(0, 100 * gb, 1, 0)).isFalse();
    }

    @Test
    void aMultipartParseErrorIsTheClientsBody() {
        assertThat(DatabaseOutageHandler.unparsableBody(new RuntimeException(new java.io.IOException("Connection terminated parsing multipart request")))).isTrue();
        assertThat(DatabaseOutageHandler.unparsableBody(new java.io.IOException("No space left on device"))).isFalse();
        assertThat(DatabaseOutageHandler.unparsableBody(new IllegalStateException("multipart"))).isFalse();
    }
}
