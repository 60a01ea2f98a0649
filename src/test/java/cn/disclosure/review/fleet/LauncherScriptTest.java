package cn.disclosure.review.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/start-java.sh, the launcher of deploy/run.sh and of the image, in its dry-run mode against
 * JDK directories made for the test (a {@code release} file and an executable {@code bin/java}) and
 * a PATH that holds only the tools the script needs: which JVM it picks, which class cache it asks
 * for, and that JAVA_OPTS come last.
 */
class LauncherScriptTest {

    @TempDir
    Path dir;
    private Path jar;
    private Path cache;
    private Path tools;

    @BeforeEach
    void setUp() throws IOException {
        jar = Files.writeString(dir.resolve("quarkus-run.jar"), "jar");
        cache = dir.resolve("app.aot");
        tools = Files.createDirectories(dir.resolve("tools"));
        for (String tool : List.of("sed", "head", "dirname", "readlink", "rm")) {
            Path real = List.of(Path.of("/usr/bin", tool), Path.of("/bin", tool)).stream().filter(Files::isExecutable)
                    .findFirst().orElseThrow();
            Files.createSymbolicLink(tools.resolve(tool), real);
        }
    }

    private Path jdk(String name, String version) throws IOException {
        Path home = Files.createDirectories(dir.resolve("jvm").resolve(name));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return java;
    }

    private List<String> launch(Map<String, String> settings) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", Path.of("deploy", "start-java.sh").toAbsolutePath().toString(),
                jar.toString(), cache.toString(), "--service-argument");
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", tools.toString());
        env.put("REVIEW_JVM_DIRS", dir.resolve("jvm") + "/*");
        env.put("REVIEW_LAUNCH_DRY_RUN", "1");
        env.putAll(settings);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out.lines().toList();
    }

    private List<String> launch() throws IOException, InterruptedException {
        return launch(Map.of());
    }

    private void cacheNewerThanJar() throws IOException {
        Files.writeString(cache, "cache");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
    }

    @Test
    void theNewestJdkIsPickedAndAJdk25RunRecordsAnAotCacheWhenThereIsNone() throws Exception {
        jdk("a-17", "17.0.15");
        Path newest = jdk("b-25", "25.0.3");
        jdk("c-21", "21.0.2");

        List<String> command = launch();

        assertThat(command.get(0)).isEqualTo(newest.toString());
        assertThat(command).contains("-XX:AOTCacheOutput=" + cache, "--enable-native-access=ALL-UNNAMED")
                .doesNotContain("-XX:AOTCache=" + cache).noneMatch(a -> a.startsWith("-XX:SharedArchiveFile"));
        // the defaults, then the jar and the service's arguments
        assertThat(command.subList(command.size() - 6, command.size()))
                .containsExactly("-XX:+UseParallelGC", "-Xms1g", "-Xmx2g", "-jar", jar.toString(), "--service-argument");
    }

    @Test
    void aCacheNewerThanTheJarIsMappedAndAStaleOneIsRemovedAndRecordedAgain() throws Exception {
        jdk("b-25", "25");
        cacheNewerThanJar();
        assertThat(launch()).contains("-XX:AOTCache=" + cache).noneMatch(a -> a.startsWith("-XX:AOTCacheOutput"));

        // the jar rebuilt after the cache was recorded: the cache describes other classes
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        assertThat(launch()).contains("-XX:AOTCacheOutput=" + cache).noneMatch(a -> a.startsWith("-XX:AOTCache="));
        assertThat(cache).doesNotExist();
    }

    @Test
    void aJdkOlderThan25UsesAppCdsTheSameWay() throws Exception {
        Path java17 = jdk("a-17", "17.0.15");
        jdk("old-8", "1.8.0_402");

        List<String> recording = launch();
        assertThat(recording.get(0)).isEqualTo(java17.toString());
        assertThat(recording).contains("-XX:ArchiveClassesAtExit=" + cache)
                .noneMatch(a -> a.startsWith("-XX:AOT")).doesNotContain("--enable-native-access=ALL-UNNAMED");

        cacheNewerThanJar();
        assertThat(launch()).contains("-XX:SharedArchiveFile=" + cache, "-Xshare:auto");
    }

    @Test
    void reviewJavaWinsOverNewerJdksAndTheCacheCanBeTurnedOff() throws Exception {
        jdk("b-25", "25.0.3");
        Path chosen = jdk("a-17", "17.0.15");
        Map<String, String> settings = new HashMap<>();
        settings.put("REVIEW_JAVA", chosen.toString());
        settings.put("REVIEW_CLASS_CACHE", "off");

        List<String> command = launch(settings);

        assertThat(command.get(0)).isEqualTo(chosen.toString());
        assertThat(command).noneMatch(a -> a.startsWith("-XX:AOT") || a.startsWith("-XX:SharedArchiveFile")
                || a.startsWith("-XX:ArchiveClassesAtExit"));
    }

    @Test
    void whereNoCacheCanBeWrittenNoneIsRecorded() throws Exception {
        jdk("b-25", "25.0.3");
        // the image's file system is read-only; a directory that cannot be written stands for it here
        cache = dir.resolve("not-there").resolve("app.aot");

        assertThat(launch()).noneMatch(a -> a.startsWith("-XX:AOT") || a.startsWith("-Xlog:aot"))
                .contains("--enable-native-access=ALL-UNNAMED");
    }

    @Test
    void javaOptsReplaceTheDefaultsAndComeAfterTheCacheSoTheyCanOverrideIt() throws Exception {
        jdk("b-25", "25.0.3");
        cacheNewerThanJar();

        List<String> command = launch(Map.of("JAVA_OPTS", "-Xmx512m -XX:AOTMode=on"));

        assertThat(command).doesNotContain("-Xms1g", "-Xmx2g");
        assertThat(command.indexOf("-XX:AOTMode=on")).isGreaterThan(command.indexOf("-XX:AOTCache=" + cache));
        assertThat(command.indexOf("-Xmx512m")).isLessThan(command.indexOf("-jar"));
    }
}
